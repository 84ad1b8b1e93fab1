// Wires dependencies for CLI commands. Entry points are the only place that builds them.
import { loadConfig, type Config } from "../config.ts";
import { systemClock, type Clock } from "../clock.ts";
import { createDb, type Db } from "../db/client.ts";
import { createLogger, type Logger } from "../log.ts";

export interface Context {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Opened on first use, so commands that need no database do not connect. */
  readonly db: Db;
  close(): Promise<void>;
}

export function createContext(config: Config = loadConfig()): Context {
  let db: Db | undefined;
  const closers: Array<() => Promise<void>> = [];
  return {
    config,
    logger: createLogger(config.LOG_LEVEL),
    clock: systemClock,
    get db() {
      if (!db) {
        db = createDb(config.DATABASE_URL);
        const opened = db;
        closers.push(() => opened.$disconnect());
      }
      return db;
    },
    async close() {
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
}
