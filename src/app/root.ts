// The composition root: builds {config, logger, clock, db, queues, pseudonyms} once per
// process. Entry points (CLI, server, worker, tests) create one and close it when done; every
// service declares the part it needs as a Pick<Root, …>, so nothing builds its own copies.
import { systemClock, type Clock } from "../clock.ts";
import { loadConfig, type Config } from "../config.ts";
import { pseudonymsFromConfig, type Pseudonyms } from "../consent/pseudonyms.ts";
import { createDb, type Db } from "../db/client.ts";
import { createLogger, type Logger } from "../log.ts";
import { createQueues, type Queues } from "../queues/queues.ts";

export interface Root {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Opened on first use, so commands that need no database do not connect. */
  readonly db: Db;
  /** Opened on first use (Redis). */
  readonly queues: Queues;
  pseudonyms: Pseudonyms;
  /** Closes what was opened; idempotent. */
  close(): Promise<void>;
}

export interface RootOverrides {
  logger?: Logger;
  clock?: Clock;
  db?: Db;
  queues?: Queues;
}

/** Builds the root. Overridden parts (a test's database or clock) are used as given and not closed here. */
export function createRoot(config: Config = loadConfig(), overrides: RootOverrides = {}): Root {
  let db = overrides.db;
  let queues = overrides.queues;
  const closers: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  return {
    config,
    logger: overrides.logger ?? createLogger(config.LOG_LEVEL),
    clock: overrides.clock ?? systemClock,
    pseudonyms: pseudonymsFromConfig(config),
    get db() {
      if (!db) {
        const opened = createDb(config.DATABASE_URL);
        closers.push(() => opened.$disconnect());
        db = opened;
      }
      return db;
    },
    get queues() {
      if (!queues) {
        const opened = createQueues({ redis: { url: config.REDIS_URL, clusterNodes: config.REDIS_CLUSTER_NODES }, prefix: config.QUEUE_PREFIX });
        closers.push(() => opened.close());
        queues = opened;
      }
      return queues;
    },
    close() {
      closing ??= Promise.allSettled([...closers].reverse().map((close) => close())).then(() => undefined);
      return closing;
    },
  };
}
