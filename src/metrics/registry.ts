// The metrics a process produces as it works: provider call latency and delivery outcomes (from
// the workers), HTTP request durations (from the server), and Node's own process metrics. One
// registry per process, because the process is what Prometheus scrapes: `budstikke serve` runs
// the workers beside the server, so both observe into the same registry and /metrics shows both.
// State read from the database and Redis at scrape time lives in state.ts, per app.
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { ChannelName } from "../channels/names.ts";

export const METRIC_PREFIX = "budstikke_";

/** What became of one claimed delivery row in a worker. */
export type DeliveryOutcome = "sent" | "skipped" | "failed" | "retry" | "throttled" | "sender_refused";

/** How one provider call ended: accepted, a failure kind of the adapter, or a throw. */
export type SendCallOutcome = "ok" | "permanent" | "retryable" | "uncertain" | "rate_limited" | "sender_refused" | "error";

export interface ProcessMetrics {
  registry: Registry;
  /** Seconds the provider took to answer one message (SMTP relay, Twilio). */
  sendDuration: Histogram<"channel" | "outcome">;
  /** Delivery rows settled by this process's workers. */
  deliveryOutcomes: Counter<"channel" | "outcome">;
  /** Seconds per HTTP request, by route pattern (never the raw URL: ids and tokens stay out). */
  httpDuration: Histogram<"method" | "route" | "status_code">;
}

/** The part the send path uses, so a test can hand it a registry of its own. */
export type SendMetrics = Pick<ProcessMetrics, "sendDuration" | "deliveryOutcomes">;

export interface ProcessMetricsOptions {
  /**
   * Node's process metrics (CPU, memory, event loop lag, GC), prefixed `budstikke_`. They start
   * observers of their own, so only the process-wide registry has them.
   * @defaultValue false
   */
  defaultMetrics?: boolean;
}

export function createProcessMetrics(options: ProcessMetricsOptions = {}): ProcessMetrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
  return {
    registry,
    sendDuration: new Histogram({
      name: `${METRIC_PREFIX}send_duration_seconds`,
      help: "Time a provider took to answer one send, by channel and outcome",
      labelNames: ["channel", "outcome"],
      // SMTP on a LAN answers in milliseconds; a slow Twilio region or relay in seconds.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    deliveryOutcomes: new Counter({
      name: `${METRIC_PREFIX}delivery_outcomes_total`,
      help: "Delivery rows settled by this process's workers, by channel and outcome",
      labelNames: ["channel", "outcome"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: "HTTP request duration by method, route pattern and status code",
      labelNames: ["method", "route", "status_code"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

let shared: ProcessMetrics | undefined;

/** This process's metrics, created on first use. */
export function processMetrics(): ProcessMetrics {
  shared ??= createProcessMetrics({ defaultMetrics: true });
  return shared;
}

/** Counts settled rows; zero is not worth a label lookup on the hot path. */
export function countOutcome(metrics: SendMetrics, channel: ChannelName, outcome: DeliveryOutcome, n = 1): void {
  if (n > 0) metrics.deliveryOutcomes.inc({ channel, outcome }, n);
}
