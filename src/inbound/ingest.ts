// One inbound message, whichever way it came (the SMTP receiver, the IMAP poller, the webhook, a
// file): read its clues, match it to a delivery, hand the verdict to the provider-event intake,
// and keep what cannot be read or matched in quarantine with the reason. Never throws for a
// message's content; it rejects only when the database is unreachable (the caller then answers
// "try again later" and keeps the message).
import { createHash } from "node:crypto";
import type { Root } from "../app/root.ts";
import { CampaignStateError, transition } from "../campaigns/lifecycle.ts";
import { complaintRate } from "../campaigns/status.ts";
import { unsubscribeMailbox } from "../consent/headers.ts";
import { verifyToken } from "../consent/tokens.ts";
import { matchDelivery } from "../deliveries/inbound-match.ts";
import { takeProviderEvent, type ProviderEvent } from "../deliveries/provider-events.ts";
import { readInbound } from "./parse.ts";
import type { InboundClues } from "./types.ts";

const COMPLAINT_TYPES = new Set(["abuse", "fraud"]);

export type InboundVia = "smtp" | "imap" | "webhook" | "file";

/** What became of one message: `kind` as the CLI and webhook report it. */
export interface IngestResult {
  kind: "hard_bounce" | "soft_bounce" | "complaint" | "unsubscribe" | "auto_reply" | "unmatched";
  deliveryId: string | null;
  campaignId: number | null;
  /** What the intake did (suppressed, counted, opted_out, …), "duplicate" for a message seen before, or "quarantined". */
  action: string;
  /** For unmatched messages: why. */
  reason?: string;
}

export type IngestDeps = Pick<Root, "db" | "config" | "clock" | "logger" | "pseudonyms">;

export interface IngestOptions {
  via: InboundVia;
  /** SMTP envelope recipients, when the receiver knows them. */
  envelopeRecipients?: readonly string[];
}

export async function ingestInbound(deps: IngestDeps, raw: Buffer, options: IngestOptions): Promise<IngestResult> {
  const now = deps.clock.now();
  const clues = await readInbound(raw, {
    unsubscribeMailbox: unsubscribeMailbox(deps.config).toLowerCase(),
    ...(options.envelopeRecipients ? { envelopeRecipients: options.envelopeRecipients } : {}),
  });
  // The same message twice (a relay's retry, an IMAP move that did not finish) counts once.
  const idempotencyKey = clues.messageId ? `mid:${clues.messageId.slice(0, 500)}` : `sha256:${createHash("sha256").update(raw).digest("hex")}`;
  const base = { source: `inbound:${options.via}`, channel: "email" as const, idempotencyKey, at: now, status: clues.status };
  const unmatched = (reason: string) => quarantined(deps, raw, options.via, clues, reason, { ...base, kind: "unmatched" });

  switch (clues.verdict) {
    case "unknown":
      return unmatched(clues.reason ?? "not a bounce, complaint, auto-reply or unsubscribe request");
    case "unsubscribe_request": {
      // Only a valid token opts out: the From address proves nothing and is never used.
      const claims = clues.tokens.map((t) => verifyToken(deps.config.secretKeys, t)).find((c) => c !== null);
      if (!claims) return unmatched("no valid unsubscribe token");
      const result = await takeProviderEvent(deps, { ...base, kind: "unsubscribe", unsubscribe: claims });
      return { kind: "unsubscribe", deliveryId: null, campaignId: result.campaignId, action: result.action };
    }
    case "auto_reply": {
      const match = await matchDelivery(deps, clues, now);
      const result = await takeProviderEvent(deps, { ...base, kind: "auto_reply", deliveryId: match.matched ? match.deliveryId : null });
      return { kind: "auto_reply", deliveryId: result.deliveryId?.toString() ?? null, campaignId: result.campaignId, action: result.action };
    }
    case "hard_bounce":
    case "soft_bounce":
    case "complaint": {
      // RFC 5965 has other feedback types (not-spam, auth-failure, …): only abuse and fraud are complaints.
      if (clues.verdict === "complaint" && clues.feedbackType && !COMPLAINT_TYPES.has(clues.feedbackType)) {
        return unmatched(`feedback type ${clues.feedbackType.slice(0, 40)} is not a complaint`);
      }
      const match = await matchDelivery(deps, clues, now);
      if (!match.matched) return unmatched(match.reason);
      const result = await takeProviderEvent(deps, { ...base, kind: clues.verdict, deliveryId: match.deliveryId });
      if (clues.verdict === "complaint" && !result.duplicate) await pauseOnComplaints(deps, match.campaignId);
      return { kind: clues.verdict, deliveryId: match.deliveryId.toString(), campaignId: match.campaignId, action: result.action };
    }
    default: {
      const never: never = clues.verdict;
      return unmatched(`unexpected verdict ${String(never)}`);
    }
  }
}

/** For the IMAP poller: which folder a message goes to after it was taken (Unmatched: staff look there). */
export async function ingestFromMailbox(deps: IngestDeps, raw: Buffer): Promise<"processed" | "unmatched"> {
  return (await ingestInbound(deps, raw, { via: "imap" })).kind === "unmatched" ? "unmatched" : "processed";
}

async function quarantined(
  deps: IngestDeps, raw: Buffer, via: InboundVia, clues: InboundClues, reason: string, event: ProviderEvent,
): Promise<IngestResult> {
  const result = await takeProviderEvent(deps, event);
  if (!result.duplicate) {
    await deps.db.inboundQuarantine.create({
      data: {
        receivedVia: via, reason, verdict: clues.verdict, messageId: clues.messageId?.slice(0, 500) ?? null,
        size: raw.length, raw: new Uint8Array(raw), receivedAt: event.at,
      },
    });
  }
  deps.logger.info({ via, verdict: clues.verdict, reason, duplicate: result.duplicate }, "inbound message not matched");
  return { kind: "unmatched", deliveryId: null, campaignId: null, action: result.duplicate ? "duplicate" : "quarantined", reason };
}

/** Above COMPLAINT_PAUSE_RATE a sending campaign pauses itself (Gmail's and Yahoo's limit is 0.3%). */
async function pauseOnComplaints(deps: IngestDeps, campaignId: number): Promise<void> {
  const rate = await complaintRate(deps.db, campaignId, deps.config);
  if (rate.level !== "pause") return;
  const percent = ((rate.rate ?? 0) * 100).toFixed(2);
  try {
    await transition({ db: deps.db, clock: deps.clock, actor: "complaints" }, campaignId, ["sending"], {
      state: "paused",
      stateReason: `complaint rate ${percent}% (${rate.count} complaints) is above ${(deps.config.COMPLAINT_PAUSE_RATE * 100).toFixed(1)}%: look at the content and audience before resuming`,
    }, "pause");
    deps.logger.warn({ campaignId, complaints: rate.count }, "campaign paused for its complaint rate");
  } catch (error) {
    // Not sending any more (completed, paused already): the status shows the rate.
    if (!(error instanceof CampaignStateError)) throw error;
  }
}

/** Deletes quarantined messages older than INBOUND_QUARANTINE_DAYS (they hold third parties' text). */
export async function purgeQuarantine(deps: Pick<Root, "db" | "config" | "clock">): Promise<number> {
  const before = new Date(deps.clock.now().getTime() - deps.config.INBOUND_QUARANTINE_DAYS * 86_400_000);
  const { count } = await deps.db.inboundQuarantine.deleteMany({ where: { receivedAt: { lt: before } } });
  return count;
}
