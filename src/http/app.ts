// The Fastify app as a set of plugins: public pages and provider webhooks each in their own
// encapsulated scope (so each gets only the parsers, limits and guards it needs), and the
// staff API (/api/v1) in a third. Tests call buildApp and app.inject; server.ts listens.
import { randomUUID } from "node:crypto";
import helmet from "@fastify/helmet";
import Fastify, { LogController } from "fastify";
import type { Root } from "../app/root.ts";
import { pseudonymsFromConfig, type Pseudonyms } from "../consent/pseudonyms.ts";
import type { Queues } from "../queues/queues.ts";
import { staffApi, type ApiRouteInfo } from "./api/plugin.ts";
import { ops } from "./ops.ts";

import { notFoundPage, publicPages } from "./public-pages.ts";
import { historyPages } from "./history-pages.ts";
import { organisationLogo } from "./org-logo.ts";
import { webUi } from "./web-ui.ts";
import { inboundWebhook } from "./inbound-webhook.ts";
import { webhooks } from "./webhooks.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Every staff API route with the permission it needs (filled as routes register). */
    apiRoutes: ApiRouteInfo[];
  }
}

export interface AppDeps extends Pick<Root, "db" | "config" | "clock" | "logger" | "pseudonyms"> {
  /** Per-IP limit on public-page requests without a valid token; defaults to 60 a minute. */
  rateLimit?: { max: number; timeWindowMs: number };
  /** Where work for the workers goes (fresh member links). Without it, pages do not offer them. */
  queues?: Queues;
  /** The built admin UI (web/dist); tests of the API alone may point it at a folder without one. */
  webDist?: string;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

export async function buildApp(deps: Omit<AppDeps, "pseudonyms"> & { pseudonyms?: Pseudonyms }) {
  const full: AppDeps = { ...deps, pseudonyms: deps.pseudonyms ?? pseudonymsFromConfig(deps.config) };
  const app = Fastify({
    loggerInstance: deps.logger,
    // Tokens are in the path; keep them out of request logs.
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For is believed only from the proxies named in TRUST_PROXY, so a client cannot
    // claim another address to dodge the rate limit.
    trustProxy: deps.config.TRUST_PROXY ?? false,
    bodyLimit: 64 * 1024,
    // A caller's X-Request-Id is kept when it is a plain token (so logs join up across systems).
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && /^[A-Za-z0-9._:-]{8,100}$/.test(given) ? given : randomUUID();
    },
  });
  // Defaults are strict (CSP default-src 'self', no referrer leaks tokens to other sites).
  await app.register(helmet, {
    referrerPolicy: { policy: "no-referrer" },
    // Helmet's strict defaults, plus blob: frames: the admin UI shows a letter preview (a PDF it
    // received from the API) in a frame by an object URL. Scripts stay 'self' only.
    contentSecurityPolicy: { directives: { "frame-src": ["'self'", "blob:"] } },
  });
  const ui = webUi(deps.webDist);
  app.setNotFoundHandler((request, reply) => ui.fallback(request, reply) || notFoundPage(reply));
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = typeof error.statusCode === "number" && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error, route: request.routeOptions.url }, "request failed");
    if (status === 404) return notFoundPage(reply);
    return reply.code(status).type("text/plain; charset=utf-8").send(status === 429 ? "Too many requests" : status >= 500 ? "Error" : "Bad request");
  });
  // First: its request-duration hook must be on the root before the other scopes are created.
  await app.register(ops(full));
  await app.register(publicPages(full));
  await app.register(historyPages(full));
  await app.register(organisationLogo(full));
  await app.register(webhooks(full));
  await app.register(inboundWebhook(full));
  const apiRoutes: ApiRouteInfo[] = [];
  app.decorate("apiRoutes", apiRoutes);
  await app.register(staffApi(full, undefined, apiRoutes));
  await app.register(ui.plugin);
  return app;
}
