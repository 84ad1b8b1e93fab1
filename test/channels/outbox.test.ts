import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { createOutboxEmailChannel, emailOutboxDir } from "../../src/channels/email-outbox.ts";
import { createOutboxSmsChannel, smsOutboxDir, type OutboxSmsFile } from "../../src/channels/sms-outbox.ts";
import type { EmailMessage } from "../../src/channels/types.ts";
import { listHeaders, tempDir } from "./helpers.ts";

const email = (over: Partial<EmailMessage> = {}): EmailMessage => ({
  to: "kari@example.no",
  subject: "Kurs i tillitsvalgtarbeid",
  html: "<p>Påmelding åpner nå.</p>",
  text: "Påmelding åpner nå.",
  headers: listHeaders("abc"),
  ...over,
});

describe("when email goes to the local outbox", () => {
  it("should write one RFC 5322 .eml file per message, named from the Message-ID", async () => {
    const dir = await tempDir("outbox");
    const channel = createOutboxEmailChannel({ dir, from: "Budstikke <post@budstikke.example.no>" });
    const outcome = await channel.send(email({ messageId: "<d-7@budstikke.example.no>" }));
    expect(outcome).toEqual({ ok: true, providerId: "<d-7@budstikke.example.no>" });
    const files = await readdir(emailOutboxDir(dir));
    expect(files).toEqual(["d-7@budstikke.example.no.eml"]);
    const raw = await readFile(join(emailOutboxDir(dir), files[0]!));
    expect(raw.toString()).toContain("\r\n"); // RFC 5322 line endings
    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe("<d-7@budstikke.example.no>");
    expect(parsed.subject).toBe("Kurs i tillitsvalgtarbeid");
    expect(parsed.text?.trim()).toBe("Påmelding åpner nå.");
    expect(parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe(
      "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
    );
    expect(parsed.headerLines.find((h) => h.key === "list-unsubscribe")?.line).toBe(
      `List-Unsubscribe: ${listHeaders("abc")["List-Unsubscribe"]}`,
    );
    await channel.close();
  });

  it("should keep a second send of the same Message-ID as a second file, and leave no temp files", async () => {
    const dir = await tempDir("outbox");
    const channel = createOutboxEmailChannel({ dir, from: "post@budstikke.example.no" });
    await Promise.all([channel.send(email({ messageId: "same@x.no" })), channel.send(email({ messageId: "same@x.no" }))]);
    expect((await readdir(emailOutboxDir(dir))).sort()).toEqual(["same@x.no.2.eml", "same@x.no.eml"]);
  });

  it("should make unsafe Message-IDs into safe file names", async () => {
    const dir = await tempDir("outbox");
    const channel = createOutboxEmailChannel({ dir, from: "post@budstikke.example.no" });
    await channel.send(email({ messageId: "<../../etc/passwd x@evil>" }));
    const files = await readdir(emailOutboxDir(dir));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[A-Za-z0-9._@+-]+\.eml$/);
    expect(files[0]).not.toContain("/");
  });

  it("should generate a Message-ID when none is given", async () => {
    const dir = await tempDir("outbox");
    const outcome = await createOutboxEmailChannel({ dir, from: "Budstikke <post@budstikke.example.no>" }).send(email());
    expect(outcome.ok && outcome.providerId).toMatch(/^<[0-9a-f-]{36}@budstikke\.example\.no>$/);
  });

  it("should report a retryable failure when the outbox cannot be written", async () => {
    const dir = await tempDir("outbox");
    await writeFile(join(dir, "blocked"), ""); // a file where the outbox directory should be
    const outcome = await createOutboxEmailChannel({ dir: join(dir, "blocked"), from: "post@x.no" }).send(email());
    expect(outcome).toMatchObject({ ok: false, failure: { kind: "retryable" } });
    expect(outcome.ok ? "" : outcome.failure.code).toMatch(/^E(NOTDIR|EXIST)$/);
  });
});

describe("when SMS goes to the local outbox", () => {
  it("should write one JSON file per message with what a provider would get", async () => {
    const dir = await tempDir("outbox");
    const clock = new ManualClock(new Date("2026-12-01T08:00:00Z"));
    const channel = createOutboxSmsChannel({ dir, from: "NTL", clock });
    const first = await channel.send({ to: "+4791234567", body: "Hei! Stem innen 10.12.", statusCallback: "https://x.no/webhooks/twilio/status" });
    const second = await channel.send({ to: "+4791234567", body: "Hei! Stem innen 10.12." });
    expect(first.ok && second.ok).toBe(true);
    const files = (await readdir(smsOutboxDir(dir))).sort();
    expect(files).toHaveLength(2); // same content twice is two files: duplicates stay visible
    const contents = await Promise.all(
      files.map(async (f) => JSON.parse(await readFile(join(smsOutboxDir(dir), f), "utf8")) as OutboxSmsFile),
    );
    const byId = new Map(contents.map((c) => [c.id, c]));
    expect(byId.get(first.ok ? first.providerId : "")).toEqual({
      id: first.ok ? first.providerId : "",
      to: "+4791234567",
      from: "NTL",
      body: "Hei! Stem innen 10.12.",
      statusCallback: "https://x.no/webhooks/twilio/status",
      createdAt: "2026-12-01T08:00:00.000Z",
    });
    expect(byId.get(second.ok ? second.providerId : "")?.statusCallback).toBeNull();
  });

  it("should report a retryable failure when the outbox path is not a directory", async () => {
    const dir = await tempDir("outbox");
    const channel = createOutboxSmsChannel({ dir: join(dir, "file") });
    await writeFile(join(dir, "file"), ""); // so <dir>/file/sms cannot be created
    const outcome = await channel.send({ to: "+4791234567", body: "x" });
    expect(outcome).toMatchObject({ ok: false, failure: { kind: "retryable" } });
    expect(outcome.ok ? "" : outcome.failure.code).toMatch(/^E(NOTDIR|EXIST)$/);
  });
});
