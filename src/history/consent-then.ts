// What the member had chosen when a message was sent: the consent ledger replayed up to that
// instant, judged the way the send decision judges the current state (src/consent/evaluate.ts):
// the latest event per scope (purpose × channel × newsletter) counts, scopes naming "all" apply,
// an objection (or a refusal of all purposes on all channels) overrides everything but `service`,
// then any refusal, then any yes. Pure: the events are loaded once per member by list.ts.
import type { HistoryEntry } from "../contracts/history.ts";
import type { ConsentAction } from "../consent/purposes.ts";

export interface LedgerEvent {
  id: bigint;
  purpose: string;
  channel: string;
  newsletterId: number | null;
  action: ConsentAction;
  source: string;
  at: Date;
}

export type ConsentThen = HistoryEntry["consent"];

export interface MessageScope {
  at: Date;
  purpose: string;
  channel: string;
  /** The newsletter an issue belonged to, else null. */
  newsletterId: number | null;
}

const RESTRICTIVE: ReadonlySet<ConsentAction> = new Set(["opt_out", "withdrawal", "objection"]);
const NO_CHOICE: ConsentThen = { choice: "no_choice", since: null, source: null };

const scopeKey = (e: LedgerEvent) => `${e.purpose}|${e.channel}|${e.newsletterId ?? 0}`;
const later = (a: LedgerEvent, b: LedgerEvent) => a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The ledger's state at `at`: per scope, the latest event at or before it. Ties in time go to the
 * later id, as the state table's upsert (`WHERE consent_state.at <= excluded.at`) lets the event
 * recorded last win. The events may come in any order.
 */
export function stateAt(events: readonly LedgerEvent[], at: Date): LedgerEvent[] {
  const byScope = new Map<string, LedgerEvent>();
  for (const event of events) {
    if (event.at.getTime() > at.getTime()) continue;
    const held = byScope.get(scopeKey(event));
    if (!held || later(event, held) >= 0) byScope.set(scopeKey(event), event);
  }
  return [...byScope.values()];
}

/** The member's choice for the message's purpose and channel, as the ledger stood when it was sent. */
export function consentThen(events: readonly LedgerEvent[], message: MessageScope): ConsentThen {
  if (message.purpose === "service") return { choice: "not_applicable", since: null, source: null };
  const applies = (s: LedgerEvent) =>
    s.action === "objection" ||
    ((s.purpose === "all" || s.purpose === message.purpose) &&
      (s.channel === "all" || s.channel === message.channel) &&
      (s.newsletterId === null || s.newsletterId === message.newsletterId));
  const relevant = stateAt(events, message.at).filter(applies);
  const restrictive = relevant.filter((s) => RESTRICTIVE.has(s.action));
  const objections = restrictive.filter((s) => s.action === "objection" || (s.purpose === "all" && s.channel === "all"));
  if (objections.length > 0) return decidedBy("objected", objections);
  if (restrictive.length > 0) return decidedBy("opted_out", restrictive);
  const yes = relevant.filter((s) => s.action === "opt_in");
  if (yes.length > 0) return decidedBy("opted_in", yes);
  return NO_CHOICE;
}

/** The choice with the time and source of the latest event that makes it. */
function decidedBy(choice: ConsentThen["choice"], events: LedgerEvent[]): ConsentThen {
  const latest = events.reduce((a, b) => (later(a, b) >= 0 ? a : b));
  return { choice, since: latest.at.toISOString(), source: latest.source };
}
