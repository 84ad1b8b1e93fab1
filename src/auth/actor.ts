// Who is acting. Every service takes an Actor: authorisation, scope and the audit trail all
// start from it, so the CLI, the API, the admin UI and the workers obey the same rules.
import type { StaffRole } from "../generated/prisma/client.ts";

export type Role = StaffRole;
export const ROLES = ["admin", "communicator", "approver", "viewer", "steward"] as const satisfies readonly Role[];

/** A steward's reach: members employed by one of these employers or belonging to one of these branches. */
export interface Scope {
  /** Employer organisation numbers (9 digits). */
  employers: string[];
  /** Branch codes. */
  branches: string[];
}

/** Where a request came from, for the audit trail. */
export interface Origin {
  requestId?: string;
  clientIp?: string;
  /** Set when the request was authenticated by an API token rather than a session. */
  tokenId?: number;
}

export type UserActor = {
  kind: "user";
  id: number;
  role: Role;
  /** Null: unrestricted. A steward always has a scope (possibly empty, then they reach nobody). */
  scope: Scope | null;
  origin?: Origin;
};

/**
 * A process acting on its own authority: the CLI run by an operator (who has the database
 * credentials anyway), the workers, the demo. Systems pass every permission check, but are not
 * a person, so they can never approve a campaign (four eyes need two people).
 */
export type SystemActor = { kind: "system"; name: string; origin?: Origin };

export type Actor = UserActor | SystemActor;

export const systemActor = (name: string): SystemActor => ({ kind: "system", name });

/** The label stored in audit rows and consent events: "user:12" or "system:cli". */
export function actorLabel(actor: Actor): string {
  return actor.kind === "user" ? `user:${actor.id}` : `system:${actor.name}`;
}

/** The scope a query must be intersected with, or null for unrestricted actors. */
export function scopeOf(actor: Actor): Scope | null {
  if (actor.kind === "system") return null;
  if (actor.role === "steward") return actor.scope ?? { employers: [], branches: [] };
  return actor.scope;
}

export function withOrigin<A extends Actor>(actor: A, origin: Origin): A {
  return { ...actor, origin: { ...actor.origin, ...origin } };
}
