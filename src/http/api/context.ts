// What the staff API's routes get: the dependencies, and the typed Fastify instance.
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Root } from "../../app/root.ts";
import type { Actor, UserActor } from "../../auth/actor.ts";
import type { Action } from "../../auth/permissions.ts";
import { DomainError } from "../../errors.ts";
import type { StaffSession } from "../../generated/prisma/client.ts";
import type { Queues } from "../../queues/queues.ts";

export interface ApiDeps extends Pick<Root, "db" | "config" | "clock" | "logger" | "pseudonyms"> {
  /** Where campaign launches and test sends go. Without it, routes that enqueue work answer 409. */
  queues?: Queues;
}

export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export type ApiRoutes = (app: ApiApp, deps: ApiDeps) => void | Promise<void>;

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the authentication hook; null only on public routes. */
    actor: UserActor | null;
    /** The session when authenticated by cookie (its id is the SHA-256 of the cookie). */
    session: Pick<StaffSession, "id" | "csrfToken" | "mustEnrolTotp"> | null;
  }
  interface FastifyContextConfig {
    /** The permission this route needs (enforced in the service; documented in OpenAPI, used by the authorisation matrix test). */
    action?: Action;
    /** No authentication (login, setup). */
    public?: boolean;
    /** Usable by a session that still has to enrol TOTP. */
    duringTotpEnrolment?: boolean;
  }
}

/** The authenticated actor of a request (the hook guarantees one on non-public routes). */
export function actorOf(request: FastifyRequest): Actor & UserActor {
  if (!request.actor) throw new DomainError("unauthenticated", "log in or send an API token");
  return request.actor;
}

export function queuesOf(deps: ApiDeps): Queues {
  if (!deps.queues) throw new DomainError("conflict", "this server has no queue connection: campaigns cannot be scheduled from it");
  return deps.queues;
}
