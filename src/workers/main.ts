// The worker process. `budstikke worker` comes here straight from bin/budstikke.js, past the rest
// of the command line (the HTTP server, the importers, MJML), so a long-running worker loads only
// what delivering needs. Runs until SIGTERM/SIGINT, then finishes the jobs in flight and exits 0.
import { DELIVERABLE_CHANNELS } from "../channels/registry.ts";
import { systemClock } from "../clock.ts";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { createDb } from "../db/client.ts";
import { createLogger, type Logger } from "../log.ts";
import { processMetrics } from "../metrics/registry.ts";
import { startMetricsServer, type MetricsServer } from "../metrics/server.ts";
import { createPipeline } from "./pipeline.ts";

/** Runs the workers until a signal; resolves when they have stopped. */
export async function runWorkers(config: Config, logger: Logger, announce: (line: string) => void): Promise<void> {
  const db = createDb(config.DATABASE_URL);
  const pipeline = createPipeline({ db, config, clock: systemClock, logger });
  let metrics: MetricsServer | undefined;
  try {
    const channels = config.WORKER_CHANNELS ?? DELIVERABLE_CHANNELS;
    pipeline.startWorkers(channels);
    // Without a listener of its own, this process's send latencies and outcomes reach nobody.
    if (config.WORKER_METRICS_PORT !== undefined) {
      metrics = await startMetricsServer({ port: config.WORKER_METRICS_PORT, token: config.METRICS_TOKEN, registry: processMetrics().registry, logger });
      announce(`Worker metrics on port ${metrics.port} (GET /metrics${config.METRICS_TOKEN ? ", bearer token required" : ""}).`);
    }
    announce(`Workers running (${channels.join(", ")}). Ctrl-C stops them gracefully.`);
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        logger.info({ signal }, "stopping: finishing jobs in flight");
        process.off("SIGTERM", stop).off("SIGINT", stop);
        resolve();
      };
      process.on("SIGTERM", stop).on("SIGINT", stop);
    });
  } finally {
    await metrics?.close();
    await pipeline.close();
    await db.$disconnect();
  }
}

export async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  }
  await runWorkers(config, createLogger(config.LOG_LEVEL), (line) => process.stderr.write(`${line}\n`));
  return 0;
}
