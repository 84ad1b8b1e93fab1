// The From of a newsletter issue: the newsletter's sender name with our own address, encoded for
// non-ASCII names, and MAIL_FROM unchanged for every other campaign.
import { describe, expect, it } from "vitest";
import { buildMessage } from "../../src/channels/mime.ts";
import { fromWithSenderName } from "../../src/workers/compose.ts";

describe("when an email has a sender name", () => {
  it("should show the name with MAIL_FROM's address, and leave other campaigns' From alone", async () => {
    expect(fromWithSenderName("NTL <post@ntl.example.no>", "NTL Ung")).toBe('"NTL Ung" <post@ntl.example.no>');
    expect(fromWithSenderName("post@ntl.example.no", 'Ung "og" <fri>')).toBe('"Ung og fri" <post@ntl.example.no>');
    expect(fromWithSenderName("NTL <post@ntl.example.no>", undefined)).toBeUndefined();
    expect(fromWithSenderName("NTL <post@ntl.example.no>", "  ")).toBeUndefined();
    const from = fromWithSenderName("NTL <post@ntl.example.no>", "Nyhetsbrev for Økonomi")!;
    const built = await buildMessage({ to: "kari@example.no", from, subject: "Hei", html: "<p>Hei</p>", text: "Hei", headers: {} }, { defaultFrom: "NTL <post@ntl.example.no>", messageId: "<d1.c1@ntl.example.no>", boundary: "b1" });
    const header = /^From: (.*)$/m.exec(built.raw.toString())![1]!;
    expect(header).toMatch(/^=\?UTF-8\?[QB]\?.*\?= <post@ntl\.example\.no>$/);
    expect(built.envelope.from).toBe("post@ntl.example.no");
  });
});
