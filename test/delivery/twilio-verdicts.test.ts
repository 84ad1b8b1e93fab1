// Twilio's final statuses with error codes go through the provider-event intake: 30003 counts like
// a soft bounce and 30005 like a hard one, 30006 marks the number invalid, 30007 (carrier
// filtering: the content) never suppresses. A callback Twilio retries counts once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { allDone, harnessApp, startHarness } from "../support/pipeline-harness.ts";
import type { FakeSms } from "../support/twilio-fake.ts";

const h = await startHarness({ members: 60, env: { SOFT_BOUNCE_LIMIT: "2" } });
const app = await harnessApp(h);
const pseudonyms = pseudonymsFromConfig(h.config);
let sms: FakeSms[];

beforeAll(async () => {
  const id = await h.launch({ channels: ["sms"] });
  await h.waitFor(id, allDone);
  // One message per number, so each test's number is its own.
  const seen = new Set<string>();
  sms = h.twilio.messages.filter((m) => !seen.has(m.to) && seen.add(m.to));
});
afterAll(async () => {
  await app.close();
  await h.close();
});

async function fail(message: FakeSms, errorCode: string) {
  const request = h.twilio.statusCallbackRequest(message.sid, "undelivered", { errorCode });
  const answer = await app.inject({ method: "POST", url: request.path, payload: request.payload, headers: request.headers });
  expect(answer.statusCode).toBe(200);
}
const suppression = (number: string) => h.db.suppression.findFirst({ where: { channel: "sms", addressHash: pseudonyms.address("sms", number)!, liftedAt: null } });
const memberOf = async (message: FakeSms) =>
  h.db.member.findUniqueOrThrow({ where: { id: (await h.db.delivery.findUniqueOrThrow({ where: { id: BigInt(new URL(message.statusCallback!).searchParams.get("d")!) } })).memberId } });

describe("when Twilio reports a delivery error code", () => {
  it("should suppress the number on 30005 (unknown destination)", async () => {
    await fail(sms[0]!, "30005");
    expect(await suppression(sms[0]!.to)).toMatchObject({ reason: "hard_bounce", source: "twilio_status:twilio_30005" });
  });

  it("should count 30003 (unreachable) like soft bounces, once per callback even when Twilio retries it", async () => {
    await fail(sms[1]!, "30003");
    await fail(sms[1]!, "30003"); // the same callback again
    expect(await suppression(sms[1]!.to)).toBeNull();
    expect(await h.db.providerEvent.count({ where: { kind: "soft_bounce" } })).toBe(1);
  });

  it("should mark the number invalid on 30006 (landline) without suppressing it", async () => {
    await fail(sms[2]!, "30006");
    expect(await suppression(sms[2]!.to)).toBeNull();
    expect((await memberOf(sms[2]!)).mobileInvalidAt).not.toBeNull();
  });

  it("should never suppress or mark anything on 30007 (carrier filtering)", async () => {
    await fail(sms[3]!, "30007");
    expect(await suppression(sms[3]!.to)).toBeNull();
    expect((await memberOf(sms[3]!)).mobileInvalidAt).toBeNull();
    expect(await h.db.providerEvent.count({ where: { kind: "filtered", action: "recorded" } })).toBe(1);
  });
});
