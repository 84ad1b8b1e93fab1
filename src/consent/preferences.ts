// The preference centre's model: what a member currently allows, and which ledger events
// turn that into what they ticked. Only differences are recorded, so saving an unchanged
// form appends nothing. Also the scope an unsubscribe link acts on.
import type { Db } from "../db/client.ts";
import { mergeTombstone } from "./decide.ts";
import type { ScopeState } from "./evaluate.ts";
import { recordConsentEvent, type ConsentEventInput } from "./ledger.ts";
import { listNewsletters, type Newsletter } from "./newsletters.ts";
import type { Pseudonyms } from "./pseudonyms.ts";
import { CHANNELS, OPTOUT_PURPOSES, type ChannelName, type ChannelScope, type PurposeScope } from "./purposes.ts";
import type { TokenClaims } from "./tokens.ts";

export type OptOutPurpose = (typeof OPTOUT_PURPOSES)[number];

export interface Preferences {
  /** Global objection: nothing but membership administration. */
  objection: boolean;
  /** allowed[purpose][channel] */
  allowed: Record<OptOutPurpose, Record<ChannelName, boolean>>;
  /** `pending`: a subscription was asked for and waits for its emailed confirmation (double opt-in). */
  newsletters: Array<Newsletter & { subscribed: boolean; pending: boolean }>;
}

export interface PreferenceChoice {
  objection: boolean;
  allowed: Record<OptOutPurpose, Record<ChannelName, boolean>>;
  /** Ids of the newsletters the member wants. */
  newsletters: number[];
}

const RESTRICTIVE = new Set(["opt_out", "withdrawal", "objection"]);
const key = (purpose: string, channel: string, newsletterId: number | null = null) => `${purpose}|${channel}|${newsletterId ?? 0}`;

class StateView {
  private readonly byScope = new Map<string, ScopeState>();
  constructor(states: ScopeState[]) {
    for (const s of states) this.byScope.set(key(s.purpose, s.channel, s.newsletterId), s);
  }
  set(s: ScopeState) {
    this.byScope.set(key(s.purpose, s.channel, s.newsletterId), s);
  }
  restrictive(purpose: string, channel: string, newsletterId: number | null = null) {
    const s = this.byScope.get(key(purpose, channel, newsletterId));
    return s !== undefined && RESTRICTIVE.has(s.action);
  }
  objection() {
    return this.restrictive("all", "all");
  }
  cellAllowed(purpose: string, channel: string) {
    return !this.restrictive(purpose, channel) && !this.restrictive(purpose, "all") && !this.restrictive("all", channel);
  }
  subscribed(newsletterId: number) {
    const optedIn = ["all", ...CHANNELS].some((c) => this.byScope.get(key("newsletter", c, newsletterId))?.action === "opt_in");
    return optedIn && !this.restrictive("newsletter", "all", newsletterId) && !this.restrictive("newsletter", "all");
  }
}

/** The member's own current state merged with an erasure tombstone for their member number. */
export async function loadStates(db: Db, pseudonyms: Pseudonyms, memberId: number): Promise<ScopeState[]> {
  const member = await db.member.findUniqueOrThrow({ where: { id: memberId }, select: { memberNumber: true } });
  const [own, tombstone] = await Promise.all([
    db.consentState.findMany({ where: { memberId } }),
    db.consentTombstone.findUnique({ where: { memberNumberHash: pseudonyms.memberNumber(member.memberNumber) } }),
  ]);
  const states = own.map((s) => ({ purpose: s.purpose, channel: s.channel, newsletterId: s.newsletterId, action: s.action }));
  return mergeTombstone(states, (tombstone?.restrictions ?? []) as unknown as ScopeState[]);
}

export async function loadPreferences(db: Db, pseudonyms: Pseudonyms, memberId: number, now?: Date): Promise<Preferences> {
  const [states, newsletters, pending] = await Promise.all([
    loadStates(db, pseudonyms, memberId),
    listNewsletters(db),
    // ── newsletters: requests waiting for confirmation (not expired at `now`) ──
    now ? db.newsletterSubscription.findMany({ where: { memberId, confirmedAt: null, expiresAt: { gt: now } }, select: { newsletterId: true } }) : [],
  ]);
  const waiting = new Set(pending.map((p) => p.newsletterId));
  const view = new StateView(states);
  return {
    objection: view.objection(),
    allowed: matrix((p, c) => view.cellAllowed(p, c)),
    newsletters: newsletters.map((n) => ({ ...n, subscribed: view.subscribed(n.id), pending: waiting.has(n.id) })),
  };
}

export function matrix<T>(cell: (purpose: OptOutPurpose, channel: ChannelName) => T): Record<OptOutPurpose, Record<ChannelName, T>> {
  return Object.fromEntries(
    OPTOUT_PURPOSES.map((p) => [p, Object.fromEntries(CHANNELS.map((c) => [c, cell(p, c)]))]),
  ) as Record<OptOutPurpose, Record<ChannelName, T>>;
}

type Change = Pick<ConsentEventInput, "purpose" | "channel" | "newsletterId" | "action">;

/** The events that turn the current state into the choice; pure, for testing and for savePreferences. */
export function planChanges(states: ScopeState[], newsletterIds: number[], choice: PreferenceChoice): Change[] {
  const view = new StateView(states);
  const changes: Change[] = [];
  const apply = (purpose: PurposeScope, channel: ChannelScope, action: Change["action"], newsletterId: number | null = null) => {
    changes.push({ purpose, channel, action, newsletterId });
    view.set({ purpose, channel, action, newsletterId });
  };
  if (choice.objection !== view.objection()) apply("all", "all", choice.objection ? "objection" : "opt_in");
  // Lift broad refusals the member now contradicts, then settle each cell on its own scope.
  for (const c of CHANNELS) {
    if (view.restrictive("all", c) && OPTOUT_PURPOSES.some((p) => choice.allowed[p][c])) apply("all", c, "opt_in");
  }
  for (const p of OPTOUT_PURPOSES) {
    if (view.restrictive(p, "all") && CHANNELS.some((c) => choice.allowed[p][c])) apply(p, "all", "opt_in");
  }
  for (const p of OPTOUT_PURPOSES) {
    for (const c of CHANNELS) {
      const want = choice.allowed[p][c];
      if (view.cellAllowed(p, c) !== want) apply(p, c, want ? "opt_in" : "opt_out");
    }
  }
  for (const id of newsletterIds) {
    const want = choice.newsletters.includes(id);
    if (view.subscribed(id) !== want) apply("newsletter", "all", want ? "opt_in" : "withdrawal", id);
  }
  return changes;
}

export interface SaveMeta {
  at: Date;
  actor: string;
  source?: ConsentEventInput["source"];
  /**
   * Whether the choice may also say yes again: opt in, subscribe, lift an objection. False for an
   * old link (see tokens.mayOptIn): then only the refusals of the choice are recorded.
   */
  allowOptIn?: boolean;
}

export interface SaveResult {
  /** Ledger events appended. */
  recorded: number;
  /** Opt-ins the choice asked for that were not recorded (allowOptIn false). */
  withheld: number;
  /**
   * Newsletters the member ticked and is not subscribed to: nothing is recorded for them here;
   * the caller asks for a confirmation by email (double opt-in), and the confirmation subscribes.
   */
  subscriptionRequests: number[];
}

export async function savePreferences(
  db: Db,
  pseudonyms: Pseudonyms,
  memberId: number,
  choice: PreferenceChoice,
  meta: SaveMeta,
): Promise<SaveResult> {
  const [states, newsletters] = await Promise.all([loadStates(db, pseudonyms, memberId), listNewsletters(db)]);
  const planned = planChanges(states, newsletters.map((n) => n.id), choice);
  // Dropping the opt-ins of a plan leaves it at least as restrictive as both the current state
  // and the choice: every remaining event is a refusal.
  const allowed = meta.allowOptIn === false ? planned.filter((c) => c.action !== "opt_in") : planned;
  // ── newsletters: a subscription is never recorded from this form; it is confirmed by email ──
  const isSubscription = (c: Change) => c.purpose === "newsletter" && c.action === "opt_in" && c.newsletterId != null;
  const subscriptionRequests = allowed.filter(isSubscription).map((c) => c.newsletterId!);
  const changes = allowed.filter((c) => !isSubscription(c));
  // ── end newsletters ──
  await db.$transaction(async (tx) => {
    for (const change of changes) {
      await recordConsentEvent(tx, { ...change, memberId, source: meta.source ?? "preference_centre", actor: meta.actor, at: meta.at });
    }
  });
  return { recorded: changes.length, withheld: planned.length - allowed.length, subscriptionRequests };
}

/** What an unsubscribe link refuses: its purpose on every channel; for a newsletter, that
 * newsletter; for a `service` message (which cannot be refused), every other purpose on its channel. */
export function unsubscribeScope(claims: Pick<TokenClaims, "purpose" | "channel" | "newsletterId">): Pick<Change, "purpose" | "channel" | "newsletterId"> & { action: "opt_out" | "withdrawal" } {
  if (claims.purpose === "service") return { purpose: "all", channel: claims.channel, newsletterId: null, action: "opt_out" };
  if (claims.purpose === "newsletter") return { purpose: "newsletter", channel: "all", newsletterId: claims.newsletterId ?? null, action: "withdrawal" };
  return { purpose: claims.purpose, channel: "all", newsletterId: null, action: "opt_out" };
}
