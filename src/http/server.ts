// Starts the app on a port and shuts it down cleanly on SIGTERM/SIGINT. Background services
// (the delivery workers, later) plug in as start/stop pairs and are stopped before the
// HTTP server closes its connections.
import type { App } from "./app.ts";
import type { Logger } from "../log.ts";

export interface BackgroundService {
  name: string;
  start(): Promise<void>;
  /** Must be idempotent. */
  stop(): Promise<void>;
}

export interface RunningServer {
  app: App;
  address: string;
  /** Idempotent. */
  close(): Promise<void>;
  /** Resolves once the server has closed (by close() or a signal). */
  closed: Promise<void>;
}

export async function startServer(
  app: App,
  options: { port: number; host?: string; logger: Logger; services?: BackgroundService[]; handleSignals?: boolean },
): Promise<RunningServer> {
  const services = options.services ?? [];
  const address = await app.listen({ port: options.port, host: options.host ?? "0.0.0.0" });
  for (const service of services) await service.start();
  options.logger.info({ listen: address, services: services.map((s) => s.name) }, "http server listening");

  let closing: Promise<void> | undefined;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const onSignal = (signal: NodeJS.Signals) => {
    options.logger.info({ signal }, "shutting down");
    void close();
  };
  const close = () => {
    closing ??= (async () => {
      process.off("SIGTERM", onSignal).off("SIGINT", onSignal);
      await Promise.allSettled([...services].reverse().map((s) => s.stop()));
      await app.close();
      markClosed();
    })();
    return closing;
  };
  if (options.handleSignals !== false) process.on("SIGTERM", onSignal).on("SIGINT", onSignal);
  return { app, address, close, closed };
}
