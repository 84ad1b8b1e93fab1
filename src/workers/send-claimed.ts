// One claimed sub-batch: decide consent now → skip the refused → render → take rate slots → send
// each message → record each acceptance the moment the provider answers (the recorder) or settle
// the failure. Consent is decided after the claim, so an opt-out recorded while a row was still
// pending is always honoured.
import { assertNever } from "../assert.ts";
import type { Channels } from "../channels/factory.ts";
import type { ChannelName } from "../channels/names.ts";
import { CHANNEL_TRAITS } from "../channels/registry.ts";
import type { SendFailure } from "../channels/types.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { decideBatch } from "../consent/decide.ts";
import { refuseWithoutMergeData } from "../campaigns/merge-data.ts"; // ── merge data ──
import type { Pseudonyms } from "../consent/pseudonyms.ts";
import type { Purpose } from "../consent/purposes.ts";
import type { Db } from "../db/client.ts";
import type { Sql } from "../db/sql.ts";
import type { Claim, ClaimedRow } from "../deliveries/claims.ts";
import type { AcceptanceRecorder } from "../deliveries/recorder.ts";
import { settleRows, type PassOver, type Settlement } from "../deliveries/settle.ts";
import type { Logger } from "../log.ts";
import { takeProviderEvent } from "../deliveries/provider-events.ts";
import { countOutcome, processMetrics, type SendCallOutcome, type SendMetrics } from "../metrics/registry.ts";
import type { CompiledTemplate } from "../templates/compiled.ts";
import { loadRenderContexts } from "../templates/load-contexts.ts";
import { templateForCampaign } from "../templates/builds.ts";
import { composeMessage } from "./compose.ts";
import type { ErrorBudget } from "./error-budget.ts";
import type { LeaseKeeper } from "./lease-keeper.ts";
import { waitUntil, type RateLimiter } from "./rate-limiter.ts";
import type { SendGate } from "./send-gate.ts";
import type { PipelineSettings } from "./settings.ts";

export interface SendDeps {
  db: Db;
  /** The hot statements (claims, consent, contexts, settling) run here: see src/db/sql.ts. */
  sql: Sql;
  config: Config;
  clock: Clock;
  logger: Logger;
  channels: Channels;
  pseudonyms: Pseudonyms;
  budget: ErrorBudget;
  limiter: RateLimiter;
  recorder: AcceptanceRecorder;
  /** Sends in flight per channel in this process (composed messages are alive only inside). */
  gates: Readonly<Record<ChannelName, SendGate>>;
  settings: PipelineSettings;
  /** Where send latencies and outcomes are counted; defaults to this process's metrics. */
  metrics?: SendMetrics;
}

export interface CampaignForSend {
  id: number;
  name: string;
  state: string;
  purpose: Purpose;
  templateVersionId: number;
  /** The organisation settings version pinned at launch (null: launched before the layout existed). */
  organisationProfileId: number | null;
  newsletterId: number | null;
  data: Record<string, unknown>;
  createdAt: Date;
  /** In fallback order when channelMode is first_available. */
  channels: ChannelName[];
  channelMode: "all" | "first_available";
}

export interface Tally {
  sent: number;
  skipped: number;
  failed: number;
}

/** Why a sub-batch stopped the job early. */
export type Stop = { kind: "throttled"; waitMs: number; code: string } | { kind: "sender_refused"; reason: string } | null;
type ThrottleStop = Extract<Stop, { kind: "throttled" }>;

/** What one job keeps across its sub-batches. */
export interface JobState {
  tally: Tally;
  lease: LeaseKeeper;
  /** Acceptances not yet written; the job awaits them before it looks at what is left. */
  records: Array<Promise<unknown>>;
}

type SendResult = { kind: "done" } | { kind: "throttled"; waitMs: number; code: string } | { kind: "sender_refused"; reason: string };

export async function sendClaimed(deps: SendDeps, campaign: CampaignForSend, channel: ChannelName, claim: Claim, job: JobState): Promise<Stop> {
  const allowed = await skipRefused(deps, campaign, channel, claim, job);
  if (allowed.length === 0) return null;

  const template = await templateForCampaign(deps, campaign);
  const contexts = await contextsFor(deps, campaign, channel, allowed.map((a) => a.row.memberId));
  const slots = await deps.limiter.reserve(channel, allowed.length);
  const origin = performance.now();
  const results = await Promise.allSettled(
    allowed.map(async ({ row, address }, i): Promise<SendResult> => {
      const loaded = contexts.get(row.memberId);
      if (!loaded) {
        countOutcome(metricsOf(deps), channel, "failed");
        return settleOne(deps, job, claim.token, row, "failed", "member_not_found");
      }
      await waitUntil(origin, slots.startInMs + i * slots.gapMs);
      // Rendered when a send may start, not all at once: few messages are alive at any time.
      return deps.gates[channel].run(() => sendOne(deps, job, { campaign, channel, template, claim, row, address, context: loaded.context, token: loaded.token }));
    }),
  );
  let refused: Stop = null;
  let throttled: ThrottleStop | null = null;
  const errors: unknown[] = [];
  for (const r of results) {
    if (r.status === "rejected") errors.push(r.reason);
    else if (r.value.kind === "sender_refused") refused = r.value;
    else if (r.value.kind === "throttled" && (throttled === null || r.value.waitMs > throttled.waitMs)) throttled = r.value;
  }
  // A failed settle leaves its row claimed: the lease runs out and a later attempt takes it again.
  if (errors.length > 0) throw errors[0];
  // Our sender being refused outranks a throttle: waiting would not help.
  return refused ?? throttled;
}

/**
 * The send-time decision for a claimed sub-batch, the same on every channel: consent now, then
 * merge data (src/campaigns/merge-data.ts: an allowed member without a merge row is skipped
 * no_merge_data, never sent an empty value). The refused rows are settled `skipped` at once (with
 * channel fallback, passed on to the next channel); the others are returned with their address.
 */
export async function skipRefused(
  deps: SendDeps, campaign: CampaignForSend, channel: ChannelName, claim: Claim, job: JobState,
): Promise<Array<{ row: ClaimedRow; address: string }>> {
  const decisions = await decideBatch(deps.sql, claim.rows.map((r) => r.memberId), campaign.purpose, channel, deps.clock.now(), {
    pseudonyms: deps.pseudonyms,
    newsletterId: campaign.newsletterId ?? undefined,
  });
  await refuseWithoutMergeData(deps.sql, campaign.id, decisions);
  const skips: Settlement[] = [];
  const allowed: Array<{ row: ClaimedRow; address: string }> = [];
  for (const row of claim.rows) {
    const decision = decisions.get(row.memberId) ?? { allowed: false as const, reason: "member_not_found" as const };
    if (decision.allowed) allowed.push({ row, address: decision.address });
    else skips.push({ id: row.id, token: claim.token, status: "skipped", reason: decision.reason, giveBackAttempt: true, passOver: passesOver(decision.reason) });
  }
  const skipped = await settleRows(deps.sql, skips, fallbackOf(campaign, channel, claim.batchNo));
  job.tally.skipped += skipped;
  countOutcome(metricsOf(deps), channel, "skipped", skipped);
  for (const s of skips) job.lease.release(s.id);
  return allowed;
}

/** The render contexts (and link tokens) of these members for this campaign and channel. */
export function contextsFor(deps: SendDeps, campaign: CampaignForSend, channel: ChannelName, memberIds: readonly number[]) {
  return loadRenderContexts(deps.sql, memberIds, {
    campaignName: campaign.name, data: campaign.data, purpose: campaign.purpose, channel,
    campaignId: campaign.id, newsletterId: campaign.newsletterId, config: deps.config, issuedAt: deps.clock.now(),
  });
}

interface OneSend {
  campaign: CampaignForSend;
  channel: ChannelName;
  template: CompiledTemplate;
  claim: Claim;
  row: ClaimedRow;
  address: string;
  context: Parameters<CompiledTemplate["renderEmail"]>[0];
  token: string;
}

async function sendOne(deps: SendDeps, job: JobState, send: OneSend): Promise<SendResult> {
  const { campaign, channel, row, claim } = send;
  let outgoing;
  try {
    outgoing = composeMessage(channel, send.template, {
      deliveryId: row.id, campaignId: campaign.id, memberId: row.memberId, purpose: campaign.purpose,
      address: send.address, context: send.context, token: send.token,
    }, deps.config);
  } catch (error) {
    // A render or programming error: nothing was sent, and retrying would fail the same way.
    deps.logger.error({ campaignId: campaign.id, deliveryId: String(row.id), err: (error as Error).name }, "could not compose the message");
    job.tally.failed++;
    countOutcome(metricsOf(deps), channel, "failed");
    return settleOne(deps, job, claim.token, row, "failed", "render_error");
  }
  const outcome = await timedSend(deps, channel, outgoing);
  if (outcome.ok) {
    deps.budget.record(campaign.id, null);
    const recorded = deps.recorder
      .record({ id: row.id, token: claim.token, providerId: outcome.providerId, statusReports: CHANNEL_TRAITS[channel].statusReports })
      .then((written) => {
        job.lease.release(row.id);
        if (written) {
          job.tally.sent++;
          countOutcome(metricsOf(deps), channel, "sent");
        }
      });
    job.records.push(recorded);
    return { kind: "done" };
  }
  return settleFailure(deps, job, send, outcome.failure);
}

async function settleFailure(deps: SendDeps, job: JobState, send: OneSend, failure: SendFailure): Promise<SendResult> {
  const { campaign, channel, row, claim } = send;
  const giveUp = row.attempts >= deps.settings.maxAttempts;
  switch (failure.kind) {
    case "permanent":
      await tellIntake(deps, send, failure);
      if (failure.suppress === "sms_stop") {
        // The recipient told the provider STOP: not a failure of ours, a skip like consent's.
        job.tally.skipped++;
        countOutcome(metricsOf(deps), channel, "skipped");
        return settleOne(deps, job, claim.token, row, "skipped", "suppressed", false, fallbackOf(campaign, channel, claim.batchNo));
      }
      deps.budget.record(campaign.id, failure.code);
      job.tally.failed++;
      countOutcome(metricsOf(deps), channel, "failed");
      // Refused for good (a dead mailbox, an invalid number): nothing reached the member, so with
      // fallback the next channel may try.
      return settleOne(deps, job, claim.token, row, "failed", failure.code, false, fallbackOf(campaign, channel, claim.batchNo));
    case "uncertain":
      if (!CHANNEL_TRAITS[channel].resendRecognisable && !deps.settings.resendUnrecognisable) {
        // A second SMS cannot be told apart from the first: fail it, visible to retry-failed.
        deps.budget.record(campaign.id, "outcome_unknown");
        job.tally.failed++;
        countOutcome(metricsOf(deps), channel, "failed");
        return settleOne(deps, job, claim.token, row, "failed", "outcome_unknown");
      }
      return retryLater(deps, job, send, failure, giveUp);
    case "retryable":
      return retryLater(deps, job, send, failure, giveUp);
    case "rate_limited":
      // The provider's condition, not the row's: no attempt is counted, however long it lasts.
      await settleOne(deps, job, claim.token, row, "pending", failure.code, true);
      countOutcome(metricsOf(deps), channel, "throttled");
      return { kind: "throttled", waitMs: failure.retryAfterMs ?? deps.settings.throttleBackoffMs, code: failure.code };
    case "sender_refused":
      await settleOne(deps, job, claim.token, row, "pending", failure.code, true);
      countOutcome(metricsOf(deps), channel, "sender_refused");
      return { kind: "sender_refused", reason: `${failure.code}: ${failure.message}` };
    default:
      return assertNever(failure.kind);
  }
}

async function retryLater(deps: SendDeps, job: JobState, send: OneSend, failure: SendFailure, giveUp: boolean): Promise<SendResult> {
  if (!giveUp) {
    countOutcome(metricsOf(deps), send.channel, "retry");
    return settleOne(deps, job, send.claim.token, send.row, "pending", failure.code);
  }
  deps.budget.record(send.campaign.id, failure.code);
  job.tally.failed++;
  countOutcome(metricsOf(deps), send.channel, "failed");
  return settleOne(deps, job, send.claim.token, send.row, "failed", `${failure.code} (gave up after ${send.row.attempts} attempts)`);
}

export function metricsOf(deps: SendDeps): SendMetrics {
  return deps.metrics ?? processMetrics();
}

/** The provider call, timed: this latency is what a slow relay or provider region shows up in. */
async function timedSend(deps: SendDeps, channel: ChannelName, outgoing: Parameters<Channels["send"]>[0]) {
  const started = performance.now();
  let outcome: SendCallOutcome = "error";
  try {
    const result = await deps.channels.send(outgoing);
    outcome = result.ok ? "ok" : result.failure.kind;
    return result;
  } finally {
    metricsOf(deps).sendDuration.observe({ channel, outcome }, (performance.now() - started) / 1000);
  }
}

async function settleOne(
  deps: SendDeps, job: JobState, token: string, row: ClaimedRow, status: Settlement["status"], reason: string, giveBackAttempt = false,
  passOver: PassOver | null = null,
): Promise<SendResult> {
  await settleRows(deps.sql, [{ id: row.id, token, status, reason, giveBackAttempt, passOver: passOver !== null }], passOver);
  job.lease.release(row.id);
  return { kind: "done" };
}

/**
 * Skip reasons that concern only this channel (its consent, its address): with channel fallback
 * the member moves on to the next channel. A reason about the member or the purpose (resigned,
 * objection, opted out of the purpose, erased, …) would refuse every channel alike.
 */
const CHANNEL_REASONS: ReadonlySet<string> = new Set(["opted_out_channel", "no_address", "address_invalid", "suppressed", "not_subscribed"]);

export function passesOver(reason: string): boolean {
  return CHANNEL_REASONS.has(reason);
}

/** Where a passed-over member goes: the next channel of a first-available campaign, in the same batch number. */
export function fallbackOf(campaign: Pick<CampaignForSend, "id" | "channels" | "channelMode">, channel: ChannelName, batchNo: number): PassOver | null {
  if (campaign.channelMode !== "first_available") return null;
  const next = campaign.channels[campaign.channels.indexOf(channel) + 1];
  return next ? { campaignId: campaign.id, channel: next, batchNo } : null;
}

/**
 * A refusal in the conversation is a provider verdict like a later bounce: the intake suppresses
 * a dead address (or a number that said STOP) and marks an invalid one. The row is settled here.
 */
async function tellIntake(deps: SendDeps, send: OneSend, failure: SendFailure): Promise<void> {
  const kind = failure.suppress ?? (failure.invalidAddress ? "invalid_address" : null);
  if (kind === null || send.channel === "letter") return;
  await takeProviderEvent(deps, {
    kind, source: send.channel === "email" ? "smtp_refusal" : "twilio_error", channel: send.channel, deliveryId: send.row.id,
    address: send.address, status: failure.code, at: deps.clock.now(), settleDelivery: false,
  });
}
