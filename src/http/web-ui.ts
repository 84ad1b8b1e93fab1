// The admin UI (web/, built by Vite into web/dist) served at `/`: hashed assets under /assets
// with long caching, and index.html for every other GET that a browser navigates to (the
// client-side router's paths), so a reload or a bookmarked /campaigns/12 works. Paths that
// belong to the server (API, webhooks, public member pages, operations) never fall back: an
// unknown API path stays a 404 rather than a page of HTML.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

/** web/dist relative to the repository (this file is src/http/web-ui.ts). */
export const DEFAULT_WEB_DIST = resolve(import.meta.dirname, "../../web/dist");

/** Server-owned path prefixes: the history fallback must never answer for them. */
const SERVER_PREFIXES = ["/api", "/webhooks", "/u", "/preferences", "/admin/queues", "/metrics", "/healthz", "/readyz", "/assets"];

export interface WebUi {
  /** Registers the asset and index routes (register it on the app). */
  plugin: FastifyPluginAsync;
  /** Serves index.html for a browser navigation to a client route; false when it does not apply. */
  fallback(request: FastifyRequest, reply: FastifyReply): FastifyReply | false;
}

export function webUi(distDir: string = DEFAULT_WEB_DIST): WebUi {
  const indexPath = join(distDir, "index.html");
  if (!existsSync(indexPath)) {
    return {
      plugin: async (app) => {
        app.get("/", (_request, reply) =>
          // 404, not 5xx: nothing is broken on the server, the UI is just not there (yet).
          reply
            .code(404)
            .type("text/html; charset=utf-8")
            .send("<!doctype html><html lang=\"en\"><title>Budstikke</title><p>The admin UI is not built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it).</p></html>"),
        );
      },
      fallback: () => false,
    };
  }
  // Read once: the file changes only with a new build, which means a restart.
  const index = readFileSync(indexPath);
  const sendIndex = (reply: FastifyReply) => reply.type("text/html; charset=utf-8").header("cache-control", "no-cache").send(index);
  return {
    plugin: async (app) => {
      await app.register(fastifyStatic, {
        root: join(distDir, "assets"),
        prefix: "/assets/",
        // Vite puts a content hash in every asset name, so a cached copy can never be stale.
        immutable: true,
        maxAge: "365d",
        index: false,
      });
      app.get("/", (_request, reply) => sendIndex(reply));
    },
    fallback(request, reply) {
      if (request.method !== "GET" && request.method !== "HEAD") return false;
      const path = request.url.split("?")[0] ?? "/";
      if (SERVER_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
      if (!(request.headers.accept ?? "").includes("text/html")) return false;
      return sendIndex(reply);
    },
  };
}
