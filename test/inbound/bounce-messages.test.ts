// The builders end-to-end tests mail to the intake must produce what they claim to: each is read
// by readInbound as the kind of message it imitates, with the clues the intake will match on.
import { describe, expect, it } from "vitest";
import { readInbound } from "../../src/inbound/parse.ts";
import { arfFor, autoReplyFor, dsnFor, unsubscribeMailFor } from "../support/bounce-messages.ts";
import { expectContract } from "./contract.ts";

const context = { unsubscribeMailbox: "unsubscribe@ntl.example.no" };
const VERP = "bounces+321.k3j9x2abq4@bounce.ntl.example.no";
const ORIGINAL = "<d321.c45@ntl.example.no>";
const TOKEN = "Zq3vK8pL2mXw9RtB7nYc4dHf_x-2";

async function read(raw: string) {
  expect(raw).not.toMatch(/[^\r]\n/);
  const clues = await readInbound(Buffer.from(raw), context);
  expectContract(clues);
  return clues;
}

describe("when a DSN is built", () => {
  it.each([
    ["failed", "5.1.1", "hard_bounce"],
    ["failed", "5.2.2", "soft_bounce"],
    ["failed", "5.7.1", "soft_bounce"],
    ["delayed", "4.4.1", "soft_bounce"],
  ] as const)("should read Action %s with Status %s as %s, matched by VERP and Message-ID", async (action, status, verdict) => {
    const clues = await read(dsnFor({ to: VERP, originalMessageId: ORIGINAL, recipient: "kari.nordmann@example.com", action, status }));
    expect(clues).toMatchObject({ verdict, status, originalMessageIds: [ORIGINAL], verpTags: ["321.k3j9x2abq4"], recipients: ["kari.nordmann@example.com"] });
  });

  it("should carry a given diagnostic and Message-ID, and make a unique Message-ID otherwise", async () => {
    const options = { to: VERP, originalMessageId: ORIGINAL, recipient: "kari@example.com", action: "failed", status: "5.1.1" } as const;
    const given = await read(dsnFor({ ...options, diagnostic: "550 5.1.1 mailbox gone", messageId: "<dsn-1@mx.example.com>" }));
    expect(given).toMatchObject({ messageId: "<dsn-1@mx.example.com>", diagnostic: "smtp; 550 5.1.1 mailbox gone" });
    const [a, b] = await Promise.all([read(dsnFor(options)), read(dsnFor(options))]);
    expect(a.messageId).not.toBe(b.messageId);
  });
});

describe("when an ARF report is built", () => {
  it("should read as an abuse complaint naming the original, our return path and the member", async () => {
    const clues = await read(arfFor({ to: "fbl@ntl.example.no", originalMessageId: ORIGINAL, recipient: "kari.nordmann@example.com", returnPath: VERP }));
    expect(clues).toMatchObject({
      verdict: "complaint",
      feedbackType: "abuse",
      originalMessageIds: [ORIGINAL],
      verpTags: ["321.k3j9x2abq4"],
      recipients: ["kari.nordmann@example.com"],
    });
  });
});

describe("when an auto-reply is built", () => {
  it("should read as an auto-reply to the original", async () => {
    const clues = await read(autoReplyFor({ to: VERP, inReplyTo: ORIGINAL }));
    expect(clues).toMatchObject({ verdict: "auto_reply", originalMessageIds: [ORIGINAL], verpTags: ["321.k3j9x2abq4"] });
  });
});

describe("when a mailed unsubscribe is built", () => {
  it("should carry the token in the subject by default", async () => {
    const raw = unsubscribeMailFor({ to: "unsubscribe@ntl.example.no", token: TOKEN });
    expect(raw).toContain(`Subject: unsubscribe ${TOKEN}`);
    expect(await read(raw)).toMatchObject({ verdict: "unsubscribe_request", tokens: [TOKEN] });
  });

  it("should carry the token in the body when asked", async () => {
    const raw = unsubscribeMailFor({ to: "unsubscribe@ntl.example.no", token: TOKEN, inBody: true });
    expect(raw).toContain("Subject: Avmelding");
    expect(await read(raw)).toMatchObject({ verdict: "unsubscribe_request", tokens: [TOKEN] });
  });

  it("should read as a request without tokens when none is given", async () => {
    expect(await read(unsubscribeMailFor({ to: "unsubscribe@ntl.example.no" }))).toMatchObject({ verdict: "unsubscribe_request", tokens: [] });
  });
});
