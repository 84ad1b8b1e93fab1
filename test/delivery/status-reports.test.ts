// Twilio status callbacks: a "delivered" can arrive before the worker has recorded Twilio's 201
// (here: before the 201 is even sent). It is kept and applied when the row is recorded, so no
// report is lost; and reports move a delivery forward only: delivered never goes back to
// failed, a late "sent" changes nothing.
import { afterAll, describe, expect, it } from "vitest";
import { harnessApp, startHarness } from "../support/pipeline-harness.ts";
import type { FakeSms } from "../support/twilio-fake.ts";

const h = await startHarness({ members: 200 });
const app = await harnessApp(h);
afterAll(async () => {
  await app.close();
  await h.close();
});

async function callback(sms: FakeSms, status: string, errorCode?: string) {
  const request = h.twilio.statusCallbackRequest(sms.sid, status, errorCode ? { errorCode } : {});
  return app.inject({ method: "POST", url: request.path, payload: request.payload, headers: request.headers });
}

describe("when Twilio reports delivery before the worker has recorded the send", () => {
  it("should keep the report and apply it when the row is recorded, for every message", async () => {
    const early: Array<Promise<unknown>> = [];
    h.twilio.beforeAnswer = (sms) => {
      // The callback is handled before the fake answers the SDK: the row cannot have its provider id yet.
      const handled = callback(sms, "delivered");
      early.push(handled);
      return handled.then(() => undefined);
    };
    const campaignId = await h.launch({ channels: ["sms"] });
    const done = await h.waitFor(campaignId, (s) => s.state === "completed" && s.channels.sms!.sent === 0, 30_000);
    h.twilio.beforeAnswer = undefined;
    expect(early.length).toBe(h.twilio.messages.length);
    expect(done.channels.sms!.delivered).toBe(h.twilio.messages.length);
    // Each report was kept first (nothing to match yet), then applied; none is left waiting.
    expect(await h.db.deliveryReport.count({ where: { appliedAt: null } })).toBe(0);
    expect(await h.db.deliveryReport.count()).toBe(h.twilio.messages.length);
  });

  it("should never move a delivered message back, nor let a late report undo it", async () => {
    const sms = h.twilio.messages[0]!;
    const deliveryId = BigInt(new URL(sms.statusCallback!).searchParams.get("d")!);
    for (const [status, code] of [["failed", "30003"], ["sent", undefined], ["undelivered", "30005"]] as const) {
      expect((await callback(sms, status, code)).statusCode).toBe(200);
    }
    const row = await h.db.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
    expect(row).toMatchObject({ status: "delivered", reason: null });
  });

  it("should ignore a report for a delivery id with a different message sid (a forged or stale pairing)", async () => {
    const [first, second] = h.twilio.messages;
    const request = h.twilio.statusCallbackRequest(second!.sid, "failed", {
      errorCode: "30003", signedUrl: first!.statusCallback!,
    });
    // Signed for the first message's URL (its delivery id) but naming the second message's sid.
    const answer = await app.inject({ method: "POST", url: new URL(first!.statusCallback!).pathname + new URL(first!.statusCallback!).search, payload: request.payload, headers: request.headers });
    expect(answer.statusCode).toBe(200);
    const id = BigInt(new URL(first!.statusCallback!).searchParams.get("d")!);
    expect((await h.db.delivery.findUniqueOrThrow({ where: { id } })).status).toBe("delivered");
  });
});
