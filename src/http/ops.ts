// Operations endpoints: /healthz (the process is alive), /readyz (it can work: PostgreSQL,
// Redis, migrations), /metrics (Prometheus, behind METRICS_TOKEN when set) and the queue
// dashboard (Bull Board) at /admin/queues for administrators with a browser session. The
// request-duration histogram is a hook on the whole app, so it is added to the root instance.
import cookie from "@fastify/cookie";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { withOrigin, type UserActor } from "../auth/actor.ts";
import { can } from "../auth/permissions.ts";
import { authenticateSession } from "../auth/sessions.ts";
import { recordAudit } from "../audit/record.ts";
import type { Root } from "../app/root.ts";
import { createReadinessCheck } from "../metrics/readiness.ts";
import { processMetrics, type ProcessMetrics } from "../metrics/registry.ts";
import { createStateMetrics, everyQueue } from "../metrics/state.ts";
import { METRICS_CHALLENGE, metricsAuthorized } from "../metrics/token.ts";
import type { Queues } from "../queues/queues.ts";
import { allowedOrigins, ENROL_TOTP_FIRST, fromOwnPages, SAFE_METHODS, SESSION_COOKIE } from "./api/authenticate.ts";
import { problemFor, sendProblem } from "./api/problem.ts";

export const QUEUE_BOARD_PATH = "/admin/queues";

export interface OpsDeps extends Pick<Root, "db" | "config" | "clock" | "logger"> {
  /** Checked by /readyz, counted by /metrics and shown on the dashboard; without them, none of that. */
  queues?: Queues;
  /** @defaultValue this process's metrics */
  metrics?: ProcessMetrics;
}

/**
 * The operations plugin. Register it on the root before the other scopes: it is not
 * encapsulated (skip-override, what fastify-plugin sets), so its request-duration hook
 * covers every route of the app; its routes live in scopes of their own.
 */
export function ops(deps: OpsDeps) {
  const metrics = deps.metrics ?? processMetrics();
  const plugin = async function opsPlugin(app: FastifyInstance) {
    app.addHook("onResponse", async (request, reply) => {
      // The route pattern, never the URL: ids and tokens in paths would make a series per request.
      metrics.httpDuration.observe(
        { method: request.method, route: request.routeOptions.url ?? "unmatched", status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    await app.register(probes(deps, metrics));
    if (deps.queues) await app.register(queueBoard(deps, deps.queues));
  };
  return Object.assign(plugin, { [Symbol.for("skip-override")]: true });
}

function probes(deps: OpsDeps, metrics: ProcessMetrics) {
  return async function probesScope(app: FastifyInstance) {
    const readiness = createReadinessCheck(deps);
    const state = createStateMetrics(deps);
    app.addHook("onSend", async (_request, reply, payload) => {
      reply.header("cache-control", "no-store");
      return payload;
    });
    app.get("/healthz", async () => ({ ok: true }));
    app.get("/readyz", async (_request, reply) => {
      const { ready, checks } = await readiness();
      return reply.code(ready ? 200 : 503).send({ ok: ready, checks });
    });
    app.get("/metrics", async (request, reply) => {
      if (!metricsAuthorized(request.headers.authorization, deps.config.METRICS_TOKEN)) {
        return reply.code(401).header("www-authenticate", METRICS_CHALLENGE).type("text/plain; charset=utf-8").send("Unauthorized\n");
      }
      await state.refresh();
      // Two registries, no metric in both: their expositions concatenate into one.
      const text = (await metrics.registry.metrics()) + (await state.registry.metrics());
      return reply.type(metrics.registry.contentType).send(text);
    });
  };
}


/**
 * What the dashboard's pages need and no more: its own scripts, its stylesheet plus inline
 * styles (the loading screen and React style attributes), and the IBM Plex web font from Google
 * Fonts that its page links. Set only inside this scope; the rest of the app keeps helmet's policy.
 */
const QUEUE_BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' https://fonts.gstatic.com",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join("; ");

declare module "fastify" {
  interface FastifyRequest {
    /** The administrator using the queue dashboard (set by its guard). */
    queueAdmin?: UserActor;
  }
}

/**
 * Bull Board, for administrators with a browser session (the cookie of POST /api/v1/auth/login).
 * Its buttons (retry, clean, pause, empty…) change queues: like the API's mutations, they must
 * come from our own pages (Origin) or carry the session's CSRF token, and each is audited.
 */
function queueBoard(deps: OpsDeps, queues: Queues) {
  return async function queueBoardScope(app: FastifyInstance) {
    await app.register(cookie);
    const origins = allowedOrigins(deps.config);

    app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
      const token = request.cookies[SESSION_COOKIE];
      const found = token ? await authenticateSession(deps, token) : null;
      if (!found) return sendProblem(reply, problemFor("unauthenticated", "log in as an administrator (POST /api/v1/auth/login) to see the queues", [], request));
      if (found.session.mustEnrolTotp) return sendProblem(reply, problemFor("forbidden", ENROL_TOTP_FIRST, [], request));
      if (!can(found.actor, "queues.admin")) return sendProblem(reply, problemFor("forbidden", `your role (${found.actor.role}) may not use the queue dashboard`, [], request));
      if (!fromOwnPages(request, found.session.csrfToken, origins)) {
        return sendProblem(reply, problemFor("forbidden", "a change with a session cookie must come from Budstikke's own pages (Origin) or carry the X-CSRF-Token from login", [], request));
      }
      request.queueAdmin = withOrigin(found.actor, { requestId: String(request.id), clientIp: request.ip });
    });
    app.addHook("onSend", async (request, reply, payload) => {
      reply.header("content-security-policy", QUEUE_BOARD_CSP);
      // Before the answer leaves, so a change the client saw succeed is always in the trail.
      if (!SAFE_METHODS.has(request.method) && request.queueAdmin && reply.statusCode < 400) await auditChange(deps, request, request.queueAdmin);
      return payload;
    });

    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: everyQueue(queues).map((queue) => new BullMQAdapter(queue)),
      serverAdapter,
      options: { uiConfig: { boardTitle: "Budstikke queues" } },
    });
    await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  };
}

async function auditChange(deps: OpsDeps, request: FastifyRequest, actor: UserActor): Promise<void> {
  const params = request.params as Record<string, string | undefined>;
  try {
    // Queue names, job ids and states only: nothing of a job's payload is copied here.
    await recordAudit(deps.db, actor, deps.clock.now(), {
      action: "queues.change",
      targetType: "queue",
      targetId: params.queueName ?? "*",
      details: { method: request.method, route: request.routeOptions.url ?? null, jobId: params.jobId ?? null, queueStatus: params.queueStatus ?? null },
    });
  } catch (error) {
    request.log.error({ err: (error as Error).message, requestId: request.id }, "could not audit a queue dashboard change");
  }
}
