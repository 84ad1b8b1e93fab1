// readInbound against messages shaped like what real MTAs and mailbox providers send
// (test/fixtures/inbound/*.eml, expectations in expected.json), and the rules behind the verdicts:
// RFC 3464 Action/Status (RFC 3463 codes), RFC 5965 ARF, RFC 3834 auto-replies, RFC 2369 mailto:.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDsn } from "../../src/inbound/dsn.ts";
import { readNdrText } from "../../src/inbound/ndr-text.ts";
import { MAX_INBOUND_BYTES, readInbound } from "../../src/inbound/parse.ts";
import type { InboundVerdict } from "../../src/inbound/types.ts";
import { expectContract } from "./contract.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/inbound");
const context = { unsubscribeMailbox: "unsubscribe@ntl.example.no" };

interface Expected {
  verdict: InboundVerdict;
  status: string | null;
  originalMessageIds: string[];
  verpTags: string[];
  recipients: string[];
  feedbackType?: string;
  tokens?: string[];
}

const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as Record<string, Expected>;
const files = readdirSync(FIXTURES).filter((f) => f.endsWith(".eml")).sort();

describe("when the fixture set is loaded", () => {
  it("should have an expectation for every fixture and a fixture for every expectation", () => {
    expect(Object.keys(expected).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(24);
  });
});

describe("when a fixture message is read", () => {
  it.each(files)("should classify %s as expected", async (file) => {
    const want = expected[file];
    if (want === undefined) throw new Error(`no expectation for ${file}`);
    const clues = await readInbound(readFileSync(join(FIXTURES, file)), context);
    expectContract(clues);
    expect({
      verdict: clues.verdict,
      status: clues.status,
      originalMessageIds: clues.originalMessageIds,
      verpTags: clues.verpTags,
      recipients: clues.recipients,
      ...(want.feedbackType !== undefined ? { feedbackType: clues.feedbackType } : {}),
      ...(want.tokens !== undefined ? { tokens: clues.tokens } : {}),
    }).toEqual(want);
  });
});

/** A delivery-status body with one recipient. */
function dsnBody(action: string, status: string, diagnostic = `smtp; 550 ${status} rejected`): string {
  return [
    "Reporting-MTA: dns; mx.example.com",
    "",
    "Final-Recipient: rfc822; kari.nordmann@example.com",
    `Action: ${action}`,
    `Status: ${status}`,
    `Diagnostic-Code: ${diagnostic}`,
    "",
  ].join("\r\n");
}

describe("when a DSN recipient is judged by Action and Status (RFC 3464, RFC 3463)", () => {
  it.each([
    ["failed", "5.1.1", "hard_bounce", "bad destination mailbox: the address is dead"],
    ["failed", "5.1.10", "hard_bounce", "null MX (RFC 7505), and Office 365's recipient not found"],
    ["failed", "5.4.4", "hard_bounce", "unable to route: permanent and about the recipient's domain"],
    ["failed", "5.2.2", "soft_bounce", "mailbox full is transient in practice"],
    ["failed", "5.7.1", "soft_bounce", "policy rejection is about us, not the address"],
    ["failed", "5.7.26", "soft_bounce", "DMARC failure is about our authentication"],
    ["failed", "5.1.7", "soft_bounce", "bad sender mailbox syntax is about our address"],
    ["failed", "5.1.8", "soft_bounce", "bad sender system address is about our domain"],
    ["failed", "4.2.2", "soft_bounce", "a 4.x.x code is transient even with Action failed"],
    ["delayed", "4.4.1", "soft_bounce", "a delay is transient"],
    ["delayed", "5.1.1", "soft_bounce", "delayed never means given up"],
    ["delivered", "2.0.0", "unknown", "a success notice is not a bounce"],
    ["relayed", "2.0.0", "unknown", "relayed to a non-DSN system is not a bounce"],
    ["expanded", "2.0.0", "unknown", "expanded to a list is not a bounce"],
  ] as const)("should judge Action %s with Status %s as %s (%s)", (action, status, verdict, _why) => {
    expect(readDsn(dsnBody(action, status))?.verdict).toBe(verdict);
  });

  it("should take the detail from the diagnostic when Status is only 5.0.0 (Exim, Postfix)", () => {
    const reading = readDsn(dsnBody("failed", "5.0.0", "smtp; 550 5.1.1 <kari@example.com>: User unknown"));
    expect(reading).toMatchObject({ verdict: "hard_bounce", status: "5.1.1" });
  });

  it("should keep a sender-side detail soft even when Status is only 5.0.0", () => {
    expect(readDsn(dsnBody("failed", "5.0.0", "smtp; 550 5.7.1 Client host blocked"))).toMatchObject({ verdict: "soft_bounce", status: "5.7.1" });
  });

  it("should judge a failure without any status code as soft, since permanence is unclear", () => {
    const body = "Final-Recipient: rfc822; kari@example.com\r\nAction: failed\r\nDiagnostic-Code: smtp; rejected\r\n";
    expect(readDsn(body)).toMatchObject({ verdict: "soft_bounce", status: null });
  });

  it("should not trust a report without Action for a hard verdict", () => {
    expect(readDsn("Final-Recipient: rfc822; kari@example.com\nStatus: 5.1.1\n")?.verdict).toBe("soft_bounce");
  });

  it("should report the hard recipient of a DSN naming several, and read them without blank lines between", () => {
    const body = [
      "Reporting-MTA: dns; mx.example.com",
      "",
      "Final-Recipient: rfc822; a@example.com",
      "Action: delayed",
      "Status: 4.4.1",
      "Final-Recipient: rfc822; b@example.com",
      "Action: failed",
      "Status: 5.1.1",
    ].join("\n");
    expect(readDsn(body)).toMatchObject({ verdict: "hard_bounce", status: "5.1.1", recipients: ["a@example.com", "b@example.com"] });
  });

  it("should keep Final-Recipient and Original-Recipient of one recipient together, in either order", () => {
    const postfix = "Final-Recipient: rfc822; kari@new.example.com\nOriginal-Recipient: rfc822;kari@example.com\nAction: failed\nStatus: 5.1.1\n";
    const exchange = "Original-Recipient: rfc822;kari@example.com\nFinal-Recipient: rfc822;kari@new.example.com\nAction: failed\nStatus: 5.1.1\n";
    expect(readDsn(postfix)).toMatchObject({ verdict: "hard_bounce", recipients: ["kari@new.example.com", "kari@example.com"] });
    expect(readDsn(exchange)).toMatchObject({ verdict: "hard_bounce", recipients: ["kari@new.example.com", "kari@example.com"] });
  });

  it("should return null for a body naming no recipient", () => {
    expect(readDsn("Reporting-MTA: dns; mx.example.com\n\n")).toBeNull();
  });
});

describe("when a bounce without a DSN part is read from its text", () => {
  it.each([
    ["550 5.1.1 <kari@example.com>: User unknown", "hard_bounce", "5.1.1"],
    ["Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound'", "hard_bounce", "5.1.10"],
    ["Sorry, no mailbox here by that name. (#5.1.1)", "hard_bounce", "5.1.1"],
    ["552 5.2.2 Mailbox full", "soft_bounce", "5.2.2"],
    ["550 5.7.1 User unknown; client host blocked", "soft_bounce", "5.7.1"],
    ["550 5.4.1 Recipient address rejected: Access denied", "soft_bounce", "5.4.1"],
    ["<<< 550 <kari@example.com>... User unknown", "hard_bounce", null],
    ["<<< 450 <kari@example.com>... User unknown", "soft_bounce", null],
    ["The mailbox does not exist (no SMTP code given)", "soft_bounce", null],
    ["Unrouteable address", "soft_bounce", null],
  ] as const)("should judge %j as %s with status %s", (line, verdict, status) => {
    expect(readNdrText(`This message could not be delivered.\n\n${line}\n`, "Undelivered Mail Returned to Sender")).toMatchObject({ verdict, status });
  });

  it("should not take IP addresses, dates or version numbers for status codes", () => {
    const text = "Delivery failed via 10.5.1.1 (Exim 4.94.2) on 4.5.2026 after retries.";
    expect(readNdrText(text, "Mail delivery failed")).toMatchObject({ verdict: "soft_bounce", status: null });
  });

  it("should ignore codes inside the returned copy of the message", () => {
    const text = "Delivery failed.\n\n--- Below this line is a copy of the message.\n\nReturn-Path: <x@y>\n\nCode 550 5.1.1 in a newsletter\n";
    expect(readNdrText(text, "failure notice")).toMatchObject({ verdict: "soft_bounce", status: null });
  });

  it("should return null for a mailer's notice that reports no failure", () => {
    expect(readNdrText("Your message was delivered to the mailbox.", "Successful Mail Delivery Report")).toBeNull();
  });
});

/** A minimal message with the given header lines and body. */
function mail(headers: readonly string[], body = "Hei.\r\n"): Buffer {
  return Buffer.from([...headers, "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body].join("\r\n"));
}

describe("when markers of an auto-reply meet signs of a bounce", () => {
  it("should read a bounce that also carries Auto-Submitted (Postfix, Exim, Exchange) as a bounce", async () => {
    const raw = mail(
      ["From: MAILER-DAEMON@mx.example.com", "To: bounces+5.abc@bounce.ntl.example.no", "Subject: Undelivered Mail Returned to Sender", "Auto-Submitted: auto-replied"],
      "<kari@example.com>: host mx said: 550 5.1.1 User unknown\r\n",
    );
    expect(await readInbound(raw, context)).toMatchObject({ verdict: "hard_bounce", status: "5.1.1", verpTags: ["5.abc"] });
  });

  it("should read an auto-reply with a null sender as an auto-reply, never a bounce", async () => {
    const raw = mail(["Return-Path: <>", "From: kari@example.com", "Subject: Re: Nyhetsbrev", "Auto-Submitted: auto-replied", "In-Reply-To: <d9.c1@ntl.example.no>"], "550 5.1.1 nope\r\n");
    expect(await readInbound(raw, context)).toMatchObject({ verdict: "auto_reply", originalMessageIds: ["<d9.c1@ntl.example.no>"] });
  });

  it("should not take Auto-Submitted: no for an auto-reply", async () => {
    const raw = mail(["From: kari@example.com", "To: post@ntl.example.no", "Subject: Hei", "Auto-Submitted: no"]);
    expect(await readInbound(raw, context)).toMatchObject({ verdict: "unknown" });
  });

  it("should read a mailer's message that reports no failure but is auto-submitted as an auto-reply", async () => {
    const raw = mail(["From: postmaster@example.com", "To: post@ntl.example.no", "Subject: Din melding", "Auto-Submitted: auto-generated"], "Takk for meldingen.\r\n");
    expect(await readInbound(raw, context)).toMatchObject({ verdict: "auto_reply" });
  });
});

describe("when the envelope is known (the SMTP receiver passes RCPT TO)", () => {
  it("should take VERP tags from the envelope recipients", async () => {
    const raw = mail(["From: MAILER-DAEMON@mx.example.com", "To: undisclosed-recipients:;", "Subject: failure notice"], "550 5.1.1 no such user\r\n");
    const clues = await readInbound(raw, { ...context, envelopeRecipients: ["bounces+77.q1w2e3@bounce.ntl.example.no"] });
    expect(clues).toMatchObject({ verdict: "hard_bounce", verpTags: ["77.q1w2e3"] });
  });

  it("should see a mail to the unsubscribe mailbox by its envelope recipient alone, case-insensitively", async () => {
    const raw = mail(["From: kari@example.com", "To: NTL <post@ntl.example.no>", "Subject: unsubscribe Zq3vK8pL2mXw9RtB7nYc4dHf"]);
    const clues = await readInbound(raw, { ...context, envelopeRecipients: ["UNSUBSCRIBE@ntl.example.no"] });
    expect(clues).toMatchObject({ verdict: "unsubscribe_request", tokens: ["Zq3vK8pL2mXw9RtB7nYc4dHf"] });
  });
});

describe("when the input cannot or should not be read", () => {
  it("should give up on a message over 10 MB without parsing it", async () => {
    const clues = await readInbound(Buffer.alloc(MAX_INBOUND_BYTES + 1, 0x61), context);
    expect(clues).toMatchObject({ verdict: "unknown", reason: "too large" });
    expectContract(clues);
  });

  it("should read a plain Uint8Array, and answer anything that is not bytes with unknown", async () => {
    const bytes = new Uint8Array(mail(["From: kari@example.com", "Subject: Out of office", "Auto-Submitted: auto-replied"]));
    expect(await readInbound(bytes as Buffer, context)).toMatchObject({ verdict: "auto_reply" });
    expect(await readInbound("From: x" as unknown as Buffer, context)).toMatchObject({ verdict: "unknown", reason: "not a byte buffer" });
  });

  it("should read an empty message as unknown", async () => {
    expect(await readInbound(Buffer.alloc(0), context)).toMatchObject({ verdict: "unknown", reason: "empty message" });
  });

  it("should read a message with thousands of MIME parts as unknown", async () => {
    const parts = "--X\r\nContent-Type: text/plain\r\n\r\nx\r\n".repeat(2_000);
    const raw = Buffer.from(`From: MAILER-DAEMON@mx.example.com\r\nContent-Type: multipart/mixed; boundary=X\r\n\r\n${parts}--X--\r\n`);
    expect(await readInbound(raw, context)).toMatchObject({ verdict: "unknown", reason: "too many MIME parts" });
  });

  it("should never return the inbound message's own Message-ID as the original's", async () => {
    const raw = mail(["From: kari@example.com", "Message-ID: <self@example.com>", "In-Reply-To: <self@example.com>", "References: <self@example.com> <d4.c2@ntl.example.no>"]);
    const clues = await readInbound(raw, context);
    expect(clues.messageId).toBe("<self@example.com>");
    expect(clues.originalMessageIds).toEqual(["<d4.c2@ntl.example.no>"]);
  });
});
