// The composition root: builds {config, logger, clock, db, queues, channels, pseudonyms} once per
// process (channels too, all opened lazily). Entry points (CLI, server, worker, tests) create one and close it when done; every
// service declares the part it needs as a Pick<Root, …>, so nothing builds its own copies.
import { createChannels, smtpPoolSize, type Channels } from "../channels/factory.ts";
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
  /** The channel adapters (SMTP pool, Twilio client or the outbox), opened on first use. */
  readonly channels: Channels;
  /** Closes what was opened; idempotent. */
  close(): Promise<void>;
}

export interface RootOverrides {
  logger?: Logger;
  clock?: Clock;
  db?: Db;
  queues?: Queues;
  channels?: Channels;
}

/** Builds the root. Overridden parts (a test's database or clock) are used as given and not closed here. */
export function createRoot(config: Config = loadConfig(), overrides: RootOverrides = {}): Root {
  let db = overrides.db;
  let queues = overrides.queues;
  let channels = overrides.channels;
  const closers: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  return {
    config,
    logger,
    clock,
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
    get channels() {
      if (!channels) {
        const opened = createChannels(config, logger, { clock, smtpMaxConnections: smtpPoolSize(config.SEND_CONCURRENCY) });
        closers.push(() => opened.close());
        channels = opened;
      }
      return channels;
    },
    close() {
      closing ??= Promise.allSettled([...closers].reverse().map((close) => close())).then(() => undefined);
      return closing;
    },
  };
}
