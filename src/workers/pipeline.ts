// Wires the delivery pipeline from a configuration: queues, channel adapters, settings.
// Entry points (CLI, server, demo, benchmark, tests) build one and close it when done.
import type { Root } from "../app/root.ts";
import { systemActor } from "../auth/actor.ts";
import { lifecycleDeps, type LifecycleDeps } from "../campaigns/lifecycle.ts";
import { createChannels, smtpPoolSize, type Channels } from "../channels/factory.ts";

export { smtpPoolSize } from "../channels/factory.ts";
import type { ChannelName } from "../channels/names.ts";
import { createQueues, type Queues } from "../queues/queues.ts";
import { startWorkers, type RunningWorkers } from "./run.ts";
import { settingsFromConfig, type PipelineSettings } from "./settings.ts";

export type PipelineDeps = Pick<Root, "db" | "config" | "clock" | "logger">;

export interface Pipeline {
  queues: Queues;
  settings: PipelineSettings;
  lifecycle: LifecycleDeps;
  /** Starts workers in this process (channels are opened on first start). */
  startWorkers(only?: readonly ChannelName[]): RunningWorkers;
  /** Idempotent: workers first (finishing jobs in flight), then channels and queues. */
  close(): Promise<void>;
}

export function createPipeline(
  deps: PipelineDeps,
  overrides: Partial<PipelineSettings> = {},
  options: { queuePrefix?: string; channels?: Channels } = {},
): Pipeline {
  const settings = { ...settingsFromConfig(deps.config), ...overrides };
  const queues = createQueues({
    redis: { url: deps.config.REDIS_URL, clusterNodes: deps.config.REDIS_CLUSTER_NODES },
    prefix: options.queuePrefix ?? deps.config.QUEUE_PREFIX,
  });
  const running: RunningWorkers[] = [];
  let channels = options.channels;
  let closing: Promise<void> | undefined;
  return {
    queues,
    settings,
    lifecycle: lifecycleDeps({ ...deps, queues }, systemActor("cli"), settings),
    startWorkers(only) {
      channels ??= createChannels(deps.config, deps.logger, { clock: deps.clock, smtpMaxConnections: smtpPoolSize(settings.subBatchSize) });
      const workers = startWorkers({ ...deps, queues, channels, settings }, only);
      running.push(workers);
      return workers;
    },
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled(running.map((w) => w.close()));
        await channels?.close();
        await queues.close();
      })()),
  };
}
