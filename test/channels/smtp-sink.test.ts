// The SMTP sink is shared test infrastructure (end-to-end tests, benchmark): its promises are
// tested here so a broken fake cannot make a broken product look fine.
import nodemailer from "nodemailer";
import { describe, expect, it } from "vitest";
import { startSmtpSink } from "../support/smtp-sink.ts";

async function sendAll(url: string, ids: string[]) {
  const transport = nodemailer.createTransport({ url, pool: true, maxConnections: 4 });
  const results = await Promise.allSettled(
    ids.map((id) => transport.sendMail({ from: "a@x.no", to: "b@x.no", subject: "s", text: "t", messageId: `<${id}@x.no>` })),
  );
  transport.close();
  return results.map((r) => r.status);
}

describe("when the sink fails a share of messages", () => {
  it("should fail the same messages for the same seed, whatever the order", async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const runs = [];
    for (const order of [ids, [...ids].reverse()]) {
      const sink = await startSmtpSink({ failRate: 0.2, seed: 42, store: "none" });
      const statuses = await sendAll(sink.url, order);
      const failedIds = order.filter((_, i) => statuses[i] === "rejected").sort();
      runs.push(failedIds);
      expect(sink.stats.deferred).toBe(failedIds.length);
      expect(sink.stats.accepted).toBe(200 - failedIds.length);
      await sink.stop();
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0]!.length).toBeGreaterThan(20);
    expect(runs[0]!.length).toBeLessThan(60);
  });
});

describe("when a test waits for messages", () => {
  it("should resolve when they arrive and reject after the deadline otherwise", async () => {
    const sink = await startSmtpSink({ store: "raw" });
    const waiting = sink.waitFor(3, 5_000);
    await sendAll(sink.url, ["a", "b", "c"]);
    await waiting;
    expect(sink.messages.map((m) => m.messageId).sort()).toEqual(["<a@x.no>", "<b@x.no>", "<c@x.no>"]);
    expect(sink.messages[0]?.from).toBe("a@x.no");
    await expect(sink.waitFor(4, 50)).rejects.toThrow(/3 of 4/);
    await sink.stop();
  });
});

describe("when the sink requires authentication", () => {
  it("should refuse a client without credentials and accept any with them", async () => {
    const sink = await startSmtpSink({ requireAuth: true });
    expect(await sendAll(sink.url, ["x"])).toEqual(["rejected"]);
    expect(await sendAll(sink.url.replace("smtp://", "smtp://u:p@"), ["y"])).toEqual(["fulfilled"]);
    expect(sink.messages.map((m) => m.user)).toEqual(["u"]);
    await sink.stop();
  });
});
