// The campaign commands, run as the real CLI in a child process against the harness's
// database, Redis prefix, SMTP sink and Twilio fake. Workers run in this process.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { allDone, startHarness, TEST_CONTENT } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 120, workers: false });
afterAll(() => h.close());

const dir = mkdtempSync(join(tmpdir(), "budstikke-cli-"));
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const cli = (...args: string[]) => runCli(args, h.env);

const campaignJson = JSON.stringify({
  name: "Tariffoppgjøret 2026: resultat",
  purpose: "bargaining",
  audience: { rules: { field: "status", op: "in", value: ["active", "student", "retired", "resigned"] } },
  channels: ["email", "sms"],
  content: TEST_CONTENT,
  data: { deadline: "2026-12-10" },
});

describe("when staff create, schedule and follow a campaign from the command line", () => {
  let id: string;

  it("should print only {\"id\": …} on stdout for create --json", async () => {
    const result = await cli("campaign", "create", "--file", file("campaign.json", campaignJson), "--json");
    expect(result.code).toBe(0);
    const parsed: unknown = JSON.parse(result.stdout);
    expect(parsed).toEqual({ id: expect.stringMatching(/^\d+$/) });
    id = (parsed as { id: string }).id;
    const campaign = await h.db.campaign.findUniqueOrThrow({ where: { id: Number(id) } });
    expect(campaign).toMatchObject({ state: "draft", name: "Tariffoppgjøret 2026: resultat", channels: ["email", "sms"] });
  });

  it("should print just the id without --json", async () => {
    const result = await cli("campaign", "create", "--file", file("again.json", campaignJson));
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+$/);
  });

  it("should schedule it to send now, and the workers send it", async () => {
    const scheduled = await cli("campaign", "schedule", id);
    expect(scheduled.code).toBe(0);
    expect(scheduled.stdout).toMatch(new RegExp(`Campaign ${id} scheduled for .* \\(Europe/Oslo\\)`));
    expect((await h.db.campaign.findUniqueOrThrow({ where: { id: Number(id) } })).state).toBe("scheduled");

    h.pipeline.startWorkers();
    await h.waitFor(Number(id), allDone);
  });

  it("should give the state and the counts per channel with status --json", async () => {
    const result = await cli("campaign", "status", id, "--json");
    expect(result.code).toBe(0);
    const status = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ id: Number(id), state: "completed", purpose: "bargaining", stateReason: null });
    const members = await h.db.member.findMany({ where: { status: { in: ["active", "student", "retired", "resigned"] } } });
    const live = members.filter((m) => m.status !== "resigned");
    const channels = status.channels as Record<string, Record<string, unknown>>;
    expect(Object.keys(channels).sort()).toEqual(["email", "sms"]);
    for (const [channel, counts] of Object.entries(channels)) {
      expect(Object.keys(counts).sort()).toEqual(
        ["bounced", "bouncedByReason", "cancelled", "delivered", "failed", "failedByReason", "pending", "rendered", "sending", "sent", "skipped", "skippedByReason", "total"],
      );
      const reachable = live.filter((m) => (channel === "email" ? m.email : m.mobile)).length;
      expect(counts).toMatchObject({ total: members.length, sent: reachable, pending: 0, sending: 0, failed: 0, cancelled: 0 });
      const skippedByReason = counts.skippedByReason as Record<string, number>;
      expect(skippedByReason.resigned).toBe(members.length - live.length);
      expect(Object.values(skippedByReason).reduce((a, b) => a + b, 0)).toBe(counts.skipped);
    }
    expect(h.sink.stats.accepted).toBe(channels.email!.sent);
  });

  it("should print a readable status table without --json", async () => {
    const result = await cli("campaign", "status", id);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/completed/);
    expect(result.stdout).toMatch(/^email\s+\d+/m);
    expect(result.stdout).toMatch(/skipped, resigned: \d+/);
  });

  it("should list each delivery with deliveries --json", async () => {
    const result = await cli("campaign", "deliveries", id, "--json");
    expect(result.code).toBe(0);
    const list = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(list).toHaveLength(await h.db.delivery.count({ where: { campaignId: Number(id) } }));
    for (const item of list) {
      expect(Object.keys(item).sort()).toEqual(["attempts", "channel", "memberNumber", "providerId", "reason", "status"]);
      expect(typeof item.memberNumber).toBe("string");
    }
    const sentSms = list.filter((d) => d.channel === "sms" && d.status === "sent");
    expect(sentSms.length).toBe(h.twilio.messages.length);
    expect(new Set(sentSms.map((d) => d.providerId))).toEqual(new Set(h.twilio.messages.map((m) => m.sid)));
    expect(list.filter((d) => d.status === "sent").every((d) => d.attempts === 1 && d.reason === null)).toBe(true);
    const skipped = list.filter((d) => d.status === "skipped");
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((d) => typeof d.reason === "string" && d.providerId === null)).toBe(true);

    const resigned = await h.db.member.findFirstOrThrow({ where: { status: "resigned" } });
    expect(list.filter((d) => d.memberNumber === resigned.memberNumber)).toEqual([
      { memberNumber: resigned.memberNumber, channel: "email", status: "skipped", reason: "resigned", attempts: 0, providerId: null },
      { memberNumber: resigned.memberNumber, channel: "sms", status: "skipped", reason: "resigned", attempts: 0, providerId: null },
    ]);
  });

  it("should report what retry-failed put back, and the state, as JSON (nothing failed here)", async () => {
    for (const args of [["retry-failed", id, "--json"], ["retry-failed", id, "--resume", "--json"]]) {
      const result = await cli("campaign", ...args);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ id, reset: 0, state: "completed" });
    }
  });
});

describe("when staff cancel a scheduled campaign from the command line", () => {
  it("should cancel it and remove its launch", async () => {
    const created = await cli("campaign", "create", "--file", file("later.json", campaignJson), "--json");
    const { id } = JSON.parse(created.stdout) as { id: string };
    const scheduled = await cli("campaign", "schedule", id, "--at", "2030-01-15T09:00:00+01:00", "--json");
    expect(scheduled.code).toBe(0);
    expect(JSON.parse(scheduled.stdout)).toEqual({ id, state: "scheduled", sendAt: "2030-01-15T08:00:00.000Z" });
    expect(await h.pipeline.queues.launch.getDelayedCount()).toBe(1);

    const cancelled = await cli("campaign", "cancel", id, "--json");
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout)).toEqual({ id, state: "cancelled", cancelledDeliveries: 0 });
    expect(await h.pipeline.queues.launch.getDelayedCount()).toBe(0);
    const status = JSON.parse((await cli("campaign", "status", id, "--json")).stdout) as { state: string };
    expect(status.state).toBe("cancelled");

    // Cancelling twice is a state error: bad input, exit 2.
    const again = await cli("campaign", "cancel", id);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is cancelled; cancel needs it to be/);
  });
});

describe("when the command line gets bad input", () => {
  it("should exit 2 with the problems for an invalid campaign file", async () => {
    const result = await cli("campaign", "create", "--file", file("bad.json", JSON.stringify({ name: "x", purpose: "spam", channels: [] })), "--json");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/Invalid campaign/);
    expect(result.stderr).toMatch(/purpose: /);
    expect(result.stderr).toMatch(/channels: name at least one channel/);
  });

  it("should exit 2 for a file that is not JSON or does not exist", async () => {
    const notJson = await cli("campaign", "create", "--file", file("broken.json", "{ name: "));
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/is not valid JSON/);
    const missing = await cli("campaign", "create", "--file", join(dir, "nope.json"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json/);
  });

  it("should exit 2 for inline content that fails the template checks", async () => {
    const bad = JSON.parse(campaignJson) as Record<string, unknown>;
    bad.content = { ...TEST_CONTENT, sms: { body: "Hei {{member.shoeSize}}" } };
    const result = await cli("campaign", "create", "--file", file("badcontent.json", JSON.stringify(bad)));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/member\.shoeSize/);
  });

  it("should exit 2 for an unknown campaign id, for every command", async () => {
    for (const args of [["status", "987654"], ["deliveries", "987654", "--json"], ["schedule", "987654"], ["cancel", "987654"]]) {
      const result = await cli("campaign", ...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/no campaign with id 987654/);
    }
  });

  it("should exit 2 for a --at without an offset", async () => {
    const created = JSON.parse((await cli("campaign", "create", "--file", file("at.json", campaignJson), "--json")).stdout) as { id: string };
    const result = await cli("campaign", "schedule", created.id, "--at", "2030-01-15T09:00");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--at must be ISO 8601 with an offset/);
  });
});
