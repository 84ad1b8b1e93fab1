// Emails Budstikke writes itself (fresh links, newsletter confirmations, history links) come in
// the organisation's layout too, as service messages: who writes, no unsubscribe links.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { systemEmail } from "../../src/templates/system-mail.ts";
import { useTestDatabase } from "../support/db.ts";

const { db } = await useTestDatabase();
const clock = new ManualClock(new Date("2026-12-03T10:00:00Z"));
const config = { PUBLIC_URL: "https://budstikke.example.no", ORG_NAME: "Fjordunionen", ORG_ADDRESS: "Postboks 1; 0101 OSLO", ORG_PRIVACY_URL: "https://fjordunionen.example/personvern" };

describe("a system email", () => {
  it("should carry the organisation's header and footer, escape its text, and offer no unsubscribe", async () => {
    const mail = await systemEmail({ db, config, clock }, "nn", "Ny lenkje", ["Hei Kari & Co,", { url: "https://budstikke.example.no/preferences/abc?x=1&y=$1" }]);
    expect(mail.subject).toBe("Ny lenkje");
    expect(mail.html).toContain("Hei Kari &amp; Co,");
    expect(mail.html).toContain('href="https://budstikke.example.no/preferences/abc?x=1&amp;y=$1"');
    expect(mail.html).not.toContain("{{{content}}}");
    for (const part of [mail.html, mail.text]) {
      expect(part).toContain("Fjordunionen");
      expect(part).toContain("Postboks 1, 0101 OSLO");
      expect(part).toContain("Du får denne e-posten fordi du er medlem av Fjordunionen.");
      expect(part).toContain("https://fjordunionen.example/personvern");
      expect(part).not.toContain("Meld deg av");
    }
    expect(mail.text).toContain("Hei Kari & Co,\n\nhttps://budstikke.example.no/preferences/abc?x=1&y=$1");
  });
});
