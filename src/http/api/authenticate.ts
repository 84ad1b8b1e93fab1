// Who is calling: an API token (Authorization: Bearer) or a session cookie. Cookie sessions must
// also prove a mutation came from our own pages: an X-CSRF-Token header matching the session,
// or an Origin header naming one of our origins (SameSite=Lax alone does not cover old browsers
// or same-site subdomains).
import type { FastifyReply, FastifyRequest } from "fastify";
import { withOrigin } from "../../auth/actor.ts";
import { can } from "../../auth/permissions.ts";
import { safeEqual } from "../../auth/secrets.ts";
import { authenticateSession } from "../../auth/sessions.ts";
import { authenticateToken } from "../../auth/tokens.ts";
import type { Config } from "../../config.ts";
import type { ApiDeps } from "./context.ts";
import { problemFor, sendProblem } from "./problem.ts";

export const SESSION_COOKIE = "budstikke_session";
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

export function allowedOrigins(config: Config): Set<string> {
  const origins = new Set([new URL(config.PUBLIC_URL).origin, ...config.STAFF_ORIGINS]);
  // Vite's dev server (npm run dev:web) proxies the API from its own origin.
  if (config.NODE_ENV === "development") origins.add("http://localhost:5173");
  return origins;
}

export const ENROL_TOTP_FIRST = "your role requires two-factor authentication: enrol TOTP first (POST /api/v1/auth/totp/setup)";

/**
 * Whether a request made with a session cookie may go ahead: reads always; a mutation only with
 * an Origin header naming one of our origins or, without one, the session's CSRF token.
 */
export function fromOwnPages(request: FastifyRequest, csrfToken: string, origins: ReadonlySet<string>): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const sentOrigin = request.headers.origin;
  const csrf = request.headers["x-csrf-token"];
  return sentOrigin !== undefined ? origins.has(sentOrigin) : typeof csrf === "string" && safeEqual(csrf, csrfToken);
}

export function authenticate(deps: ApiDeps) {
  const origins = allowedOrigins(deps.config);
  return async function authenticateRequest(request: FastifyRequest, reply: FastifyReply) {
    request.actor = null;
    request.session = null;
    const config = request.routeOptions.config;
    const origin = { requestId: String(request.id), clientIp: request.ip };
    const authorization = request.headers.authorization;
    if (authorization !== undefined) {
      const match = /^Bearer (\S+)$/.exec(authorization);
      const actor = match ? await authenticateToken(deps, match[1]!, origin) : null;
      if (!actor) return sendProblem(reply, problemFor("unauthenticated", "the API token is not valid (unknown, revoked or expired)", [], request));
      request.actor = actor;
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    const found = cookie ? await authenticateSession(deps, cookie) : null;
    if (found) {
      request.actor = withOrigin(found.actor, origin);
      request.session = found.session;
      if (!fromOwnPages(request, found.session.csrfToken, origins)) {
        return sendProblem(reply, problemFor("forbidden", "a request with a session cookie must come from Budstikke's own pages (Origin) or carry the X-CSRF-Token from login", [], request));
      }
      if (found.session.mustEnrolTotp && !config.duringTotpEnrolment && !config.public) {
        return sendProblem(reply, problemFor("forbidden", ENROL_TOTP_FIRST, [], request));
      }
    }
    if (!request.actor && !config.public) {
      return sendProblem(reply, problemFor("unauthenticated", cookie ? "your session has ended: log in again" : "log in or send an API token", [], request));
    }
    // The service checks again (it is where the rule lives); checking here too, from the same
    // table, answers 403 before the body is validated, so a role without the permission learns
    // nothing about what a valid request would look like.
    if (request.actor && config.action && !can(request.actor, config.action)) {
      return sendProblem(reply, problemFor("forbidden", `your role (${request.actor.role}) may not ${config.action}`, [], request));
    }
  };
}
