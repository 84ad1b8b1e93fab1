// Error budget: when more than the allowed share of recent sends fail, the campaign pauses
// itself and says why; staff can resume it, or put only the failed deliveries back.
import { afterAll, describe, expect, it } from "vitest";
import { resumeCampaign, retryFailed } from "../../src/campaigns/lifecycle.ts";
import { decide } from "../../src/consent/decide.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import type { SinkEvent } from "../support/smtp-sink.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";

const h = await startHarness({
  members: 400,
  settings: { errorBudget: { share: 0.2, window: 50, minSample: 30 } },
});
afterAll(() => h.close());

const emailMembers = () =>
  h.db.member.findMany({ where: { email: { not: null }, status: { not: "resigned" } }, orderBy: { id: "asc" } });

/** A `respond` policy answering RCPT TO for the given addresses. */
const refuse = (addresses: Iterable<string>, code: number, message: string) => {
  const set = new Set([...addresses].map((a) => a.toLowerCase()));
  return (event: SinkEvent) => (event.stage === "rcpt" && set.has(event.address.toLowerCase()) ? { code, message } : undefined);
};

describe("when staff retry the failed deliveries of a finished campaign", () => {
  it("should send the ones refused for a passing reason, and skip the hard-bounced ones (address invalid and suppressed)", async () => {
    const members = await emailMembers();
    // Spread out, so no window of recent sends comes near the budget.
    const policyRefused = [10, 60, 110, 160, 210, 260].map((i) => members[i]!); // 554 5.7.1: refused by policy, address is fine
    const bounced = [35, 135, 235].map((i) => members[i]!); // 550 5.1.1: the mailbox does not exist
    h.sink.setPolicy({
      rejectRecipients: bounced.map((m) => m.email!),
      respond: refuse(policyRefused.map((m) => m.email!), 554, "5.7.1 Message refused by policy"),
    });

    const campaignId = await h.launch({ channels: ["email"] });
    const done = await h.waitFor(campaignId, allDone);
    expect(done.channels.email!.failedByReason).toEqual({ "smtp_554_5.7.1": policyRefused.length, "smtp_550_5.1.1": bounced.length });

    // The policy problem is fixed at the receiving end; the unknown mailboxes stay unknown.
    h.sink.setPolicy({ respond: () => undefined });
    const { reset } = await retryFailed(h.pipeline.lifecycle, campaignId);
    expect(reset).toBe(policyRefused.length + bounced.length);

    const status = await h.waitFor(campaignId, allDone);
    const rows = new Map((await h.db.delivery.findMany({ where: { campaignId } })).map((d) => [d.memberId, d]));
    for (const m of policyRefused) {
      expect(rows.get(m.id)).toMatchObject({ status: "sent", attempts: 1 });
      expect(h.sink.messages.filter((s) => s.to[0]!.toLowerCase() === m.email!.toLowerCase())).toHaveLength(1);
    }
    const pseudonyms = pseudonymsFromConfig(h.config);
    // A hard bounce marks the member's address invalid (decide names that first) and suppresses
    // the address itself (which holds if it turns up on another member).
    for (const m of bounced) {
      expect(rows.get(m.id)).toMatchObject({ status: "skipped", reason: "address_invalid" });
      expect(await decide(h.db, m.id, "bargaining", "email", new Date(), { pseudonyms })).toEqual({ allowed: false, reason: "address_invalid" });
      expect(await h.db.suppression.count({ where: { channel: "email", addressHash: pseudonyms.address("email", m.email!)!, reason: "hard_bounce" } })).toBe(1);
    }
    expect(status.channels.email).toMatchObject({ failed: 0, pending: 0, sent: members.length - bounced.length });
    expect(status.channels.email!.skippedByReason.address_invalid).toBe(bounced.length);
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
  });
});

describe("when the SMTP server rejects a large share of the recipients", () => {
  let campaignId: number;
  let rejected: Set<string>;

  it("should pause the campaign by itself, naming the budget and the failure code", async () => {
    const members = await emailMembers();
    // Every second address is refused as an unknown mailbox.
    rejected = new Set(members.filter((_, i) => i % 2 === 0).map((m) => m.email!.toLowerCase()));
    h.sink.reset();
    h.sink.setPolicy({ rejectRecipients: rejected, respond: () => undefined });

    campaignId = await h.launch({ channels: ["email"] });
    const paused = await h.waitFor(campaignId, (s) => s.state === "paused");
    expect(paused.stateReason).toMatch(/^error budget exceeded: \d+ of the last \d+ sends failed \(\d+%\), mostly smtp_550_5\.1\.1$/);
    const [, failed, total] = /(\d+) of the last (\d+)/.exec(paused.stateReason!)!.map(Number);
    expect(failed! / total!).toBeGreaterThan(0.2);
    expect(total).toBeGreaterThanOrEqual(30);

    // It stopped early: in-flight sends finish, the rest waits.
    const settled = await h.waitFor(campaignId, (s) => s.channels.email!.sending === 0);
    expect(settled.state).toBe("paused");
    expect(settled.channels.email!.pending).toBeGreaterThan(members.length / 2);
    expect(settled.channels.email!.sent).toBe(h.sink.stats.accepted);
  });

  it("should continue to the end when staff resume it after fixing the cause", async () => {
    h.sink.setPolicy({ rejectRecipients: [] });
    const failedBefore = await h.db.delivery.count({ where: { campaignId, status: "failed" } });
    await resumeCampaign(h.pipeline.lifecycle, campaignId);

    const pauses = () => h.db.auditLog.count({ where: { action: "campaign.pause", entityId: String(campaignId) } });
    expect(await pauses()).toBe(1);
    // Ends when the campaign completes, or as soon as it has paused itself a second time.
    const status = await h.waitFor(campaignId, (s) => s.state === "completed" || (s.state === "paused" && s.channels.email!.sending === 0), 30_000);
    expect({ state: status.state, stateReason: status.stateReason, pauses: await pauses() }).toEqual({ state: "completed", stateReason: null, pauses: 1 });
    expect(status.channels.email!.failed).toBe(failedBefore);
    expect(status.channels.email!.pending).toBe(0);
    expect(status.channels.email!.sent + status.channels.email!.failed + status.channels.email!.skipped).toBe(status.channels.email!.total);
    expect(status.channels.email!.sent).toBe(h.sink.stats.accepted);
    expect(status.channels.email!.sent).toBeGreaterThan(status.channels.email!.total / 2);
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
  });
});
