// Provider status reports (Twilio status callbacks) move deliveries forward, never back:
// `sent` → `delivered` or `failed`; a delivered message stays delivered, and a report that only
// says "sent" changes nothing. A report can arrive tens of milliseconds after the provider's
// answer, before the worker has recorded it: it is then kept (delivery_report) and applied when
// the row is recorded (recorder.ts), or by the sweeper.
//
// Race-free by ordering: the report is committed first and then applied; the recorder commits the
// row first and then applies. Whichever commits second sees the other's write.
import type { Sql } from "./sql.ts";

export interface ProviderReport {
  /** From the callback URL (`?d=<delivery id>`), which our signature check covers. */
  deliveryId: bigint;
  /** The provider's id for the message (Twilio MessageSid); must match what the row recorded. */
  providerId: string;
  status: "delivered" | "failed";
  /** For failures: a stable code such as `twilio_30003`. */
  reason?: string | null;
}

/** Twilio's MessageStatus (queued, sending, sent, delivered, undelivered, failed) as a report, or null for the in-between ones. */
export function reportFromTwilio(params: { MessageStatus?: string; ErrorCode?: string }): Pick<ProviderReport, "status" | "reason"> | null {
  switch (params.MessageStatus) {
    case "delivered":
      return { status: "delivered" };
    case "undelivered":
    case "failed":
      return { status: "failed", reason: params.ErrorCode ? `twilio_${params.ErrorCode}` : `twilio_${params.MessageStatus}` };
    default:
      return null;
  }
}

/**
 * What a Twilio delivery error code says about the number: 30003 (unreachable handset) counts like
 * a soft bounce, 30005 (unknown destination) like a hard one, 30006 (landline or unreachable
 * carrier) marks the number invalid, 30007 (carrier filtering: the content, not the number) never
 * suppresses. Other codes say nothing about the number.
 */
export function twilioVerdict(errorCode: string | undefined): "soft_bounce" | "hard_bounce" | "invalid_address" | "filtered" | null {
  switch (errorCode) {
    case "30003":
      return "soft_bounce";
    case "30005":
      return "hard_bounce";
    case "30006":
      return "invalid_address";
    case "30007":
      return "filtered";
    default:
      return null;
  }
}

// For each delivery the most telling pending report (delivered wins over failed), applied when
// the row has recorded that provider id. Every pending report of a matched delivery is marked
// applied, also when it changed nothing (the row was already final).
const APPLY_SQL = `
  WITH r AS (
    SELECT DISTINCT ON (delivery_id) delivery_id, provider_id, status, reason
    FROM delivery_report
    WHERE delivery_id = ANY($1::bigint[]) AND applied_at IS NULL
    ORDER BY delivery_id, (status = 'delivered') DESC, received_at),
  matched AS (
    SELECT r.delivery_id FROM r JOIN delivery d ON d.id = r.delivery_id AND d.provider_id = r.provider_id),
  moved AS (
    UPDATE delivery d
    SET status = (CASE WHEN r.status = 'delivered' THEN 'delivered' ELSE 'failed' END)::"DeliveryStatus",
        reason = CASE WHEN r.status = 'delivered' THEN d.reason ELSE r.reason END,
        delivered_at = CASE WHEN r.status = 'delivered' THEN now() ELSE d.delivered_at END,
        failed_at = CASE WHEN r.status = 'failed' THEN now() ELSE d.failed_at END,
        updated_at = now()
    FROM r WHERE d.id = r.delivery_id AND d.provider_id = r.provider_id AND d.status = 'sent'
    RETURNING d.id),
  done AS (
    UPDATE delivery_report SET applied_at = now()
    WHERE delivery_id IN (SELECT delivery_id FROM matched) AND applied_at IS NULL
    RETURNING 1)
  SELECT (SELECT count(*) FROM moved)::int AS moved, (SELECT count(*) FROM matched)::int AS matched, (SELECT count(*) FROM done)::int AS done`;

export async function applyPendingReports(db: Sql, deliveryIds: readonly bigint[]): Promise<{ moved: number; matched: number }> {
  if (deliveryIds.length === 0) return { moved: 0, matched: 0 };
  const [row] = await db.$queryRawUnsafe<Array<{ moved: number; matched: number }>>(APPLY_SQL, [...deliveryIds]);
  return { moved: row?.moved ?? 0, matched: row?.matched ?? 0 };
}

export type ReportOutcome = "applied" | "kept";

/**
 * Takes a provider's report: stored, then applied if the row has recorded that provider id;
 * otherwise kept until it does. Returns which.
 */
export async function receiveReport(db: Sql, report: ProviderReport): Promise<ReportOutcome> {
  await db.$executeRawUnsafe(
    `INSERT INTO delivery_report (delivery_id, provider_id, status, reason) VALUES ($1, $2, $3, $4)`,
    report.deliveryId, report.providerId, report.status, report.reason ?? null,
  );
  const { matched } = await applyPendingReports(db, [report.deliveryId]);
  return matched > 0 ? "applied" : "kept";
}

/**
 * The sweeper's share: applies reports still waiting (a worker died between recording and
 * applying), and forgets reports that matched nothing for `maxAgeDays` (a forged or stray one).
 */
export async function applyLeftoverReports(db: Sql, maxAgeDays = 7): Promise<{ applied: number; forgotten: number }> {
  const waiting = await db.$queryRawUnsafe<Array<{ delivery_id: bigint }>>(
    `SELECT DISTINCT delivery_id FROM delivery_report WHERE applied_at IS NULL LIMIT 10000`,
  );
  const { matched } = await applyPendingReports(db, waiting.map((w) => w.delivery_id));
  const forgotten = await db.$executeRawUnsafe(
    `DELETE FROM delivery_report WHERE applied_at IS NULL AND received_at < now() - make_interval(days => $1)`,
    maxAgeDays,
  );
  return { applied: matched, forgotten };
}
