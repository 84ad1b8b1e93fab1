// The permission table: role × action, as data. The checks (authorize) and the authorisation
// matrix test are both generated from it, so the rules cannot drift from their tests.
import { forbidden } from "../errors.ts";
import type { Actor, Role } from "./actor.ts";

export const ACTIONS = [
  /** Search and read members (names, contact points, employment, consent, deliveries). Scoped for stewards. */
  "members.read",
  /** Export all data held about a member (GDPR art. 15). */
  "members.export",
  /** Erase a member (GDPR art. 17). */
  "members.erase",
  /** Import members from CSV. */
  "members.import",
  /** Read saved segments and their rules. */
  "segments.read",
  /** Count, breakdown and sample of a rule (sample names members: not for viewers). Scoped for stewards. */
  "segments.preview",
  /** Save segments and new versions. */
  "segments.write",
  "templates.read",
  "templates.write",
  /** Render a template for a chosen member (shows that member's data). */
  "templates.preview",
  /** Send a test of a template to one's own address. */
  "templates.test_send",
  /** Campaigns and their aggregate results (counts, rate, ETA). */
  "campaigns.read",
  /** Create, edit, submit, schedule, pause, resume, cancel and retry one's own campaigns. */
  "campaigns.write",
  /** The same on campaigns created by someone else. */
  "campaigns.write_any",
  /** Approve or reject campaigns created by someone else (four eyes). */
  "campaigns.approve",
  /** Per-member delivery lists (with member numbers). Scoped for stewards. */
  "deliveries.read",
  "suppressions.read",
  "suppressions.write",
  "newsletters.read",
  "newsletters.write",
  /** Prepare, edit, cancel and send newsletter issues (a sent issue is a campaign). */
  "newsletters.issues",
  /** Send a member the confirmation email of a newsletter subscription (double opt-in). */
  "newsletters.subscribe",
  /** List print batches of letters and download them (the files name members: downloads are audited). */
  "letters.read",
  /** Mark print batches handed over to the postal operator, and record returned letters. */
  "letters.write",
  /** The organisation settings (name, logo, colours, address: what members see on every message). */
  "organisation.read",
  /** Change the organisation settings and logo (a new settings version: the next campaigns carry it). */
  "organisation.write",
  /** A member's history of what was sent to them, with why and the consent choices at the time (art. 15). Scoped for stewards. */
  "members.history",
  "users.manage",
  "tokens.manage",
  "audit.read",
  /** Run retention (deletes old delivery rows, print files and audit entries) or see what it would remove. */
  "retention.run",
  /** The queue dashboard (Bull Board). */
  "queues.admin",
] as const;
export type Action = (typeof ACTIONS)[number];

const COMMUNICATOR: readonly Action[] = [
  "organisation.read", "members.history",
  "members.read", "segments.read", "segments.preview", "segments.write",
  "templates.read", "templates.write", "templates.preview", "templates.test_send",
  "campaigns.read", "campaigns.write", "deliveries.read", "newsletters.read",
  "newsletters.issues", "newsletters.subscribe", "letters.read", "letters.write",
];

export const PERMISSIONS: Record<Role, ReadonlySet<Action>> = {
  admin: new Set(ACTIONS),
  communicator: new Set(COMMUNICATOR),
  approver: new Set([...COMMUNICATOR, "campaigns.approve"]),
  viewer: new Set(["segments.read", "templates.read", "campaigns.read", "newsletters.read", "organisation.read"]),
  // Stewards reach only their scope (enforced in SQL) and only the purposes below.
  steward: new Set([
    "members.read", "segments.read", "segments.preview", "templates.read", "templates.preview",
    "campaigns.read", "campaigns.write", "deliveries.read",
  ]),
};

/** Campaign purposes a steward may send; every steward campaign needs approval. */
export const STEWARD_PURPOSES: readonly string[] = ["information", "course", "survey"];

export function can(actor: Actor, action: Action): boolean {
  return actor.kind === "system" || PERMISSIONS[actor.role].has(action);
}

/** Throws `forbidden` unless the actor may do the action. */
export function authorize(actor: Actor, action: Action): void {
  if (!can(actor, action)) throw forbidden(`your role (${actor.kind === "user" ? actor.role : actor.kind}) may not ${action.replace(".", ": ").replace("_", " ")}`);
}
