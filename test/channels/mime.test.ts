// The email builder must produce what nodemailer's MailComposer produces, as a mail reader sees
// it: the same sender, recipient, subject, headers and both bodies, byte for byte after decoding.
import { simpleParser, type ParsedMail } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildMessage } from "../../src/channels/mime.ts";
import type { EmailMessage } from "../../src/channels/types.ts";

const FROM = "NTL – Norsk Tjenestemannslag <post@ntl.example.no>";
const options = { defaultFrom: FROM, messageId: "<d42.c7@ntl.example.no>", boundary: "abc123", date: new Date("2026-12-01T09:00:00Z") };

function message(overrides: Partial<EmailMessage> = {}): EmailMessage {
  return {
    to: "kari.nordmann@example.no",
    subject: "Tariffoppgjøret 2026: resultatet er klart – stem innen fredag",
    text: "Hei Kari,\n\nResultatet er klart. Linjer med æøå, og en lang linje: " + "ord ".repeat(60) + "\n.Punktum først\nSlutt  \n",
    html: `<html><body><p style="color:#333">Hei Kari, tariffoppgjøret er ferdig.</p>\n<p>${"Lang linje uten skift ".repeat(30)}</p>\n<a href="https://x.example/u/abc?x=1&y=2">Meld av</a></body></html>`,
    headers: {
      "List-Unsubscribe": "<https://budstikke.example.no/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA>, <mailto:unsubscribe@ntl.example.no?subject=unsubscribe%20AAAA>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    ...overrides,
  };
}

async function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw);
}

function view(mail: ParsedMail) {
  const from = mail.from?.value[0];
  const to = Array.isArray(mail.to) ? mail.to[0]?.value[0] : mail.to?.value[0];
  return {
    from: { name: from?.name, address: from?.address },
    to: to?.address,
    subject: mail.subject,
    messageId: mail.messageId,
    date: mail.date?.toISOString(),
    listUnsubscribe: mail.headerLines.find((h) => h.key === "list-unsubscribe")?.line,
    listUnsubscribePost: mail.headers.get("list-unsubscribe-post"),
    text: mail.text,
    html: mail.html,
  };
}

describe("when an email is built for sending", () => {
  it("should read exactly as nodemailer's own composition does, with lines folded at 78 characters", async () => {
    const fast = await buildMessage(message(), options);
    expect(fast.raw.toString()).toContain('boundary="--_Bud_abc123"');
    // The same message through nodemailer's MailComposer (its fallback path, forced by a non-ASCII recipient domain).
    const reference = await buildMessage(message({ to: "kari.nordmann@eksempel.nø" }), options);
    const a = view(await parse(fast.raw));
    const b = view(await parse(reference.raw));
    expect({ ...a, to: undefined }).toEqual({ ...b, to: undefined });
    expect(a.to).toBe("kari.nordmann@example.no");
    expect(a.subject).toBe(message().subject);
    expect(a.from).toEqual({ name: "NTL – Norsk Tjenestemannslag", address: "post@ntl.example.no" });
    expect(a.text).toBe(message().text);
    expect(a.html).toBe(message().html);
    // List-Unsubscribe is written unfolded, as given (RFC 5322's hard limit is 998).
    const long = fast.raw.toString().split("\r\n").filter((line) => line.length > 78);
    expect(long.map((line) => line.split(":")[0])).toEqual(["List-Unsubscribe"]);
    expect(fast.raw.toString()).not.toMatch(/[^\r]\n/);
    expect(fast.envelope).toEqual({ from: "post@ntl.example.no", to: ["kari.nordmann@example.no"] });
  });

  it("should write List-Unsubscribe byte for byte and keep a subject's line breaks out of the headers", async () => {
    const built = await buildMessage(message({ subject: "Møte\r\nBcc: alle@example.no" }), options);
    const raw = built.raw.toString();
    expect(raw).toContain(`\r\nList-Unsubscribe: ${message().headers["List-Unsubscribe"]}\r\n`);
    expect(raw).not.toMatch(/^Bcc:/m);
    expect((await parse(built.raw)).subject).toBe("Møte Bcc: alle@example.no");
  });

  it("should use the envelope sender it is given (a VERP return path)", async () => {
    const built = await buildMessage(message({ envelopeFrom: "bounces+42.ab12@bounce.ntl.example.no" }), options);
    expect(built.envelope.from).toBe("bounces+42.ab12@bounce.ntl.example.no");
    expect(view(await parse(built.raw)).from.address).toBe("post@ntl.example.no");
  });

  it("should leave a header value it cannot write as given to nodemailer", async () => {
    const built = await buildMessage(message({ headers: { "X-Kampanje": "Lønnsoppgjør" } }), options);
    expect((await parse(built.raw)).headers.get("x-kampanje")).toBe("Lønnsoppgjør");
  });
});
