// The consent ledger: every opt-in, opt-out, objection and withdrawal is appended here, and
// the derived current-state table (what decisions read) is updated by the same statement, so
// the two can never disagree. History is never edited (a trigger refuses UPDATE/DELETE).
import type { Db } from "../db/client.ts";
import type { ChannelScope, ConsentAction, ConsentSource, PurposeScope } from "./purposes.ts";

/** Anything that can run raw SQL: the client or an interactive transaction. */
export type SqlRunner = Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe">;

export interface ConsentEventInput {
  memberId: number;
  /** One purpose, or 'all' (every purpose but `service`). */
  purpose: PurposeScope;
  /** One channel, or 'all'. */
  channel: ChannelScope;
  /** Required for purpose `newsletter` opt-ins; null there means every newsletter. */
  newsletterId?: number | null;
  action: ConsentAction;
  source: ConsentSource;
  /** Who recorded it: "member" for the member's own pages, "sms:+47…" never (ids only), "staff:<id>", "import". */
  actor: string;
  at: Date;
  /** Lawful basis or the version of the consent text the member saw. */
  basis?: string | null;
  campaignId?: number | null;
}

export interface RecordedEvent {
  eventId: bigint;
  /** False when a later event already governs this scope (an event delivered out of order). */
  stateChanged: boolean;
}

// One statement: the CTE appends the event and the outer INSERT upserts the scope's state.
// The WHERE keeps the latest event by time, so out-of-order arrivals cannot resurrect a "yes".
const RECORD_SQL = `
  WITH ev AS (
    INSERT INTO consent_event (member_id, purpose, channel, newsletter_id, action, source, actor, at, basis, campaign_id)
    VALUES ($1, $2, $3, $4, $5::"ConsentAction", $6::"ConsentSource", $7, $8, $9, $10)
    RETURNING id, member_id, purpose, channel, newsletter_id, action, at),
  st AS (
    INSERT INTO consent_state (member_id, purpose, channel, newsletter_id, action, event_id, at)
    SELECT member_id, purpose, channel, newsletter_id, action, id, at FROM ev
    ON CONFLICT (member_id, purpose, channel, (COALESCE(newsletter_id, 0)))
    DO UPDATE SET action = excluded.action, event_id = excluded.event_id, at = excluded.at
    WHERE consent_state.at <= excluded.at
    RETURNING 1)
  SELECT ev.id AS event_id, EXISTS (SELECT 1 FROM st) AS state_changed FROM ev`;

export async function recordConsentEvent(db: SqlRunner, event: ConsentEventInput): Promise<RecordedEvent> {
  if (event.purpose === "service") throw new RangeError("service messages cannot be refused by consent; suppress the address instead");
  if (event.newsletterId != null && event.purpose !== "newsletter") throw new RangeError("newsletterId is only valid for the newsletter purpose");
  const rows = await db.$queryRawUnsafe<Array<{ event_id: bigint; state_changed: boolean }>>(
    RECORD_SQL,
    event.memberId, event.purpose, event.channel, event.newsletterId ?? null, event.action, event.source,
    event.actor, event.at, event.basis ?? null, event.campaignId ?? null,
  );
  const row = rows[0];
  if (!row) throw new Error("consent event was not recorded");
  return { eventId: row.event_id, stateChanged: row.state_changed };
}

export interface ConsentHistoryEntry {
  id: string;
  purpose: string;
  channel: string;
  newsletterId: number | null;
  action: ConsentAction;
  source: ConsentSource;
  actor: string;
  at: Date;
  basis: string | null;
  campaignId: number | null;
}

export async function consentHistory(db: Db, memberId: number): Promise<ConsentHistoryEntry[]> {
  const rows = await db.consentEvent.findMany({ where: { memberId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({
    id: r.id.toString(), purpose: r.purpose, channel: r.channel, newsletterId: r.newsletterId, action: r.action,
    source: r.source, actor: r.actor, at: r.at, basis: r.basis, campaignId: r.campaignId,
  }));
}

export interface StateRow {
  purpose: string;
  channel: string;
  newsletterId: number | null;
  action: ConsentAction;
}

export async function currentState(db: Db, memberId: number): Promise<StateRow[]> {
  const rows = await db.consentState.findMany({ where: { memberId }, orderBy: { id: "asc" } });
  return rows.map((r) => ({ purpose: r.purpose, channel: r.channel, newsletterId: r.newsletterId, action: r.action }));
}
