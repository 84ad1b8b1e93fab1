// A worker process started on its own (`budstikke worker`) has no HTTP server, yet its send
// latencies and outcomes live only in its memory. With WORKER_METRICS_PORT set it listens on
// that port for GET /metrics (same METRICS_TOKEN rule as the server) and GET /healthz.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Logger } from "../log.ts";
import { METRICS_CHALLENGE, metricsAuthorized } from "./token.ts";

export interface MetricsServerOptions {
  port: number;
  /** @defaultValue "0.0.0.0" */
  host?: string;
  /** METRICS_TOKEN; unset leaves /metrics open. */
  token?: string;
  registry: Registry;
  logger: Logger;
}

export interface MetricsServer {
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Idempotent. */
  close(): Promise<void>;
}

export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const server = createServer((request, response) => {
    handle(options, request, response).catch((error: unknown) => {
      options.logger.error({ err: (error as Error).message }, "metrics: could not answer a scrape");
      if (!response.headersSent) reply(response, 500, "text/plain; charset=utf-8", "Error\n");
      else response.destroy();
    });
  });
  // A scraper keeps its connection open; close() must not wait for it.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "0.0.0.0", () => {
      server.off("error", reject);
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

async function handle(options: MetricsServerOptions, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = (request.url ?? "/").split("?")[0];
  if (request.method !== "GET" && request.method !== "HEAD") return reply(response, 405, "text/plain; charset=utf-8", "Method not allowed\n", { allow: "GET, HEAD" });
  if (path === "/healthz") return reply(response, 200, "application/json; charset=utf-8", '{"ok":true}');
  if (path !== "/metrics") return reply(response, 404, "text/plain; charset=utf-8", "Not found\n");
  if (!metricsAuthorized(request.headers.authorization, options.token)) {
    return reply(response, 401, "text/plain; charset=utf-8", "Unauthorized\n", { "www-authenticate": METRICS_CHALLENGE });
  }
  reply(response, 200, options.registry.contentType, await options.registry.metrics());
}

function reply(response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": type, "cache-control": "no-store", ...headers });
  response.end(body);
}
