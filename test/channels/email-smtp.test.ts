import { generateKeyPairSync, verify } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSmtpEmailChannel } from "../../src/channels/email-smtp.ts";
import type { Channel, EmailMessage, SendOutcome } from "../../src/channels/types.ts";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { closedPort, listHeaders } from "./helpers.ts";

const FROM = "Budstikke <post@budstikke.example.no>";
const message = (over: Partial<EmailMessage> = {}): EmailMessage => ({
  to: "kari@example.no",
  subject: "Tariffoppgjøret 2026: resultat",
  html: "<p>Hei Kari, her er resultatet.</p>",
  text: "Hei Kari, her er resultatet.",
  headers: listHeaders("tok123"),
  ...over,
});

let sink: SmtpSink;
const channels: Channel<EmailMessage>[] = [];
const channel = (over: Partial<Parameters<typeof createSmtpEmailChannel>[0]> = {}) => {
  const created = createSmtpEmailChannel({ url: sink.url, from: FROM, timeoutMs: 5_000, ...over });
  channels.push(created);
  return created;
};
const failureOf = (outcome: SendOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${outcome.providerId}`);
  return outcome.failure;
};

beforeAll(async () => {
  sink = await startSmtpSink({ rejectRecipients: ["gone@example.no"] });
});
afterEach(async () => {
  await Promise.all(channels.splice(0).map((c) => c.close()));
  sink.setPolicy({ failRate: 0, respond: undefined });
  sink.reset();
});
afterAll(() => sink.stop());

describe("when the SMTP server accepts the message", () => {
  it("should deliver it with the caller's Message-ID and the list headers unchanged", async () => {
    const outcome = await channel().send(message({ messageId: "d-42@budstikke.example.no" }));
    expect(outcome).toEqual({ ok: true, providerId: "<d-42@budstikke.example.no>" });
    expect(sink.messages).toHaveLength(1);
    const received = sink.messages[0]!;
    expect(received.rcptTo).toEqual(["kari@example.no"]);
    expect(received.messageId).toBe("<d-42@budstikke.example.no>");
    expect(received.from).toBe("post@budstikke.example.no");
    expect(received.headers.from).toBe(FROM);
    expect(received.subject).toBe("Tariffoppgjøret 2026: resultat");
    expect(received.text?.trim()).toBe("Hei Kari, her er resultatet.");
    expect(received.html).toContain("<p>Hei Kari");
    expect(received.headers["list-unsubscribe"]).toBe(listHeaders("tok123")["List-Unsubscribe"]);
    expect(received.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("should generate a unique Message-ID per message when none is given", async () => {
    const ch = channel();
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => ch.send(message())));
    const ids = outcomes.map((o) => (o.ok ? o.providerId : "failed"));
    expect(new Set(ids).size).toBe(20);
    for (const id of ids) expect(id).toMatch(/^<[0-9a-f-]{36}@budstikke\.example\.no>$/);
    expect(sink.messages.map((m) => m.messageId).sort()).toEqual([...ids].sort());
  });

  it("should use the envelope sender for the return path when given (VERP)", async () => {
    await channel().send(message({ envelopeFrom: "bounce+d-42@budstikke.example.no" }));
    expect(sink.messages[0]?.mailFrom).toBe("bounce+d-42@budstikke.example.no");
    expect(sink.messages[0]?.from).toBe("post@budstikke.example.no");
  });

  it("should log in when the URL carries credentials", async () => {
    const url = sink.url.replace("smtp://", "smtp://relay-user:secret@");
    expect((await channel({ url }).send(message())).ok).toBe(true);
    expect(sink.messages[0]?.user).toBe("relay-user");
  });
});

describe("when DKIM is configured", () => {
  it("should sign List-Unsubscribe and List-Unsubscribe-Post (RFC 8058 §3.1)", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const dkim = {
      domainName: "budstikke.example.no",
      keySelector: "mail2026",
      privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
    expect((await channel({ dkim }).send(message())).ok).toBe(true);
    const signature = sink.messages[0]?.headers["dkim-signature"] ?? "";
    expect(signature).toContain("d=budstikke.example.no");
    expect(signature).toContain("s=mail2026");
    const signed = (/\bh=([^;]+)/.exec(signature)?.[1] ?? "").replace(/\s+/g, "").toLowerCase().split(":");
    expect(signed).toEqual(expect.arrayContaining(["list-unsubscribe", "list-unsubscribe-post", "from", "subject", "message-id"]));
    expect(signature).toMatch(/\bb=[A-Za-z0-9+/=\s]{100,}/);

    // Verify the header signature (relaxed canonicalization, RFC 6376 §3.4.2) with the public
    // key: proves the list headers as received are the ones that were signed.
    const relaxed = (name: string, value: string) => `${name.toLowerCase()}:${value.replace(/\s+/g, " ").trim()}`;
    const headers = sink.messages[0]!.headers;
    const signedData =
      signed.map((name) => `${relaxed(name, headers[name] ?? "")}\r\n`).join("") +
      relaxed("dkim-signature", signature.replace(/\bb=[^;]*$/, "b="));
    const b = Buffer.from((/\bb=([^;]*)$/.exec(signature)?.[1] ?? "").replace(/\s+/g, ""), "base64");
    expect(verify("sha256", Buffer.from(signedData), publicKey, b)).toBe(true);
    headers["list-unsubscribe-post"] = "List-Unsubscribe=Tampered";
    const tampered = signed.map((name) => `${relaxed(name, headers[name] ?? "")}\r\n`).join("") +
      relaxed("dkim-signature", signature.replace(/\bb=[^;]*$/, "b="));
    expect(verify("sha256", Buffer.from(tampered), publicKey, b)).toBe(false);
  });
});

describe("when the SMTP server answers 4xx", () => {
  it("should classify 451 at end of DATA as retryable", async () => {
    sink.setPolicy({ failRate: 1 });
    const failure = failureOf(await channel().send(message()));
    expect(failure).toMatchObject({ kind: "retryable", code: "smtp_451_4.3.0" });
    expect(failure.suppress).toBeUndefined();
    expect(sink.stats.deferred).toBe(1);
  });

  it.each([450, 452])("should classify %i at RCPT TO as retryable", async (code) => {
    sink.setPolicy({ respond: (e) => (e.stage === "rcpt" ? { code, message: "4.2.0 Busy" } : undefined) });
    expect(failureOf(await channel().send(message()))).toMatchObject({ kind: "retryable", code: `smtp_${code}_4.2.0` });
  });

  it("should classify 421 and 4.7.x at RCPT TO as throttling", async () => {
    sink.setPolicy({ respond: (e) => (e.stage === "rcpt" ? { code: 421, message: "4.7.0 Too many connections, slow down" } : undefined) });
    expect(failureOf(await channel().send(message()))).toMatchObject({ kind: "rate_limited", code: "smtp_421_4.7.0" });
  });

  it("should let the same message through on a later attempt (the sink draws per attempt)", async () => {
    sink.setPolicy({ failRate: 0.5, seed: 3 });
    const ch = channel();
    const msgs = Array.from({ length: 40 }, (_, i) => message({ messageId: `retry-${i}@budstikke.example.no` }));
    let pending = msgs;
    for (let round = 0; round < 20 && pending.length > 0; round++) {
      const outcomes = await Promise.all(pending.map((m) => ch.send(m)));
      for (const o of outcomes) if (!o.ok) expect(o.failure.kind).toBe("retryable");
      pending = pending.filter((_, i) => !outcomes[i]!.ok);
    }
    expect(pending).toEqual([]);
    expect(sink.stats.deferred).toBeGreaterThan(5);
    expect([...sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    expect(sink.acceptedIds.size).toBe(40);
  });
});

describe("when the SMTP server answers 5xx", () => {
  it("should fail 550 5.1.1 for good and ask for the address to be suppressed", async () => {
    const failure = failureOf(await channel().send(message({ to: "gone@example.no" })));
    expect(failure).toMatchObject({ kind: "permanent", code: "smtp_550_5.1.1", suppress: "hard_bounce" });
    expect(failure.message).not.toContain("gone@example.no");
    expect(sink.messages).toHaveLength(0);
  });

  it("should fail a full mailbox at DATA for good without suppressing", async () => {
    sink.setPolicy({ respond: (e) => (e.stage === "data" ? { code: 552, message: "5.2.2 Mailbox full" } : undefined) });
    const failure = failureOf(await channel().send(message()));
    expect(failure).toMatchObject({ kind: "permanent", code: "smtp_552_5.2.2" });
    expect(failure.suppress).toBeUndefined();
  });

  it("should keep working for the next message after a rejection", async () => {
    const ch = channel();
    expect((await ch.send(message({ to: "gone@example.no" }))).ok).toBe(false);
    expect((await ch.send(message())).ok).toBe(true);
  });
});

describe("when the SMTP server cannot be reached", () => {
  it("should classify the refused connection as retryable", async () => {
    const port = await closedPort();
    const failure = failureOf(await channel({ url: `smtp://127.0.0.1:${port}` }).send(message()));
    expect(failure).toMatchObject({ kind: "retryable", code: "ECONNREFUSED" });
  });
});
