// The staff API on a test database: one user (with an API token) per role, and a request
// helper that calls as a role, as nobody, or with a browser session.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import { ROLES, systemActor, type Role, type UserActor } from "../../src/auth/actor.ts";
import { createApiToken } from "../../src/auth/tokens.ts";
import { actorForUser, createUser } from "../../src/auth/users.ts";
import { ManualClock } from "../../src/clock.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import type { Db } from "../../src/db/client.ts";
import { buildApp, type App } from "../../src/http/app.ts";
import { createLogger, type Logger } from "../../src/log.ts";
import { createQueues, type Queues } from "../../src/queues/queues.ts";
import { useTestDatabase } from "./db.ts";
import { deleteQueueKeys } from "./queue-keys.ts";

export const API_PUBLIC_URL = "https://budstikke.example.no";
export const PASSWORD = "correct horse battery staple";
/** The steward's scope in every API test: one employer and one branch. */
export const STEWARD_SCOPE = { employers: ["974760673"], branches: ["oslo-1"] };

export interface ApiUser {
  id: number;
  email: string;
  token: string;
  actor: UserActor;
}

export interface TestApi {
  app: App;
  db: Db;
  url: string;
  config: Config;
  clock: ManualClock;
  logger: Logger;
  queues: Queues;
  users: Record<Role, ApiUser>;
  /** The service dependencies (a Pick of the root) for calling services directly. */
  deps: { db: Db; config: Config; clock: ManualClock; logger: Logger; queues: Queues; pseudonyms: ReturnType<typeof pseudonymsFromConfig> };
  /** Calls the API as a role (its API token), or unauthenticated with null. */
  as(role: Role | null, method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** Makes another user (e.g. a second approver) with a token. */
  addUser(role: Role, scope?: { employers: string[]; branches: string[] }): Promise<ApiUser>;
}

export interface TestApiOptions {
  env?: Record<string, string>;
  /** Defaults to 2026-12-01T10:00:00Z. */
  now?: string;
  /** Receives every log line (for the log-scan test). */
  logDestination?: { write(line: string): void };
}

let serial = 0;

/** Call at the top level of a test file (it registers its own afterAll). */
export async function useTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const { db, url } = await useTestDatabase();
  const queuePrefix = `{api-${randomBytes(4).toString("hex")}}`;
  const config = loadConfig(
    {
      NODE_ENV: "test", LOG_LEVEL: options.logDestination ? "info" : "silent", DATABASE_URL: url,
      REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", QUEUE_PREFIX: queuePrefix,
      SECRET_KEY: "api-test-secret-key-0123456789abcdef0123", PUBLIC_URL: API_PUBLIC_URL, MAIL_FROM: "NTL <post@ntl.example.no>",
      LETTER_DIR: mkdtempSync(join(tmpdir(), "budstikke-api-letters-")),
      ...options.env,
    },
    "/nonexistent",
  );
  const clock = new ManualClock(new Date(options.now ?? "2026-12-01T10:00:00Z"));
  const logger = options.logDestination ? createLogger("info", options.logDestination) : createLogger("silent");
  const queues = createQueues({ redis: { url: config.REDIS_URL }, prefix: queuePrefix });
  const pseudonyms = pseudonymsFromConfig(config);
  const deps = { db, config, clock, logger, queues, pseudonyms };
  const app = await buildApp(deps);
  const system = systemActor("test");

  async function addUser(role: Role, scope = role === "steward" ? STEWARD_SCOPE : undefined): Promise<ApiUser> {
    const email = `${role}-${++serial}@ntl.example.no`;
    const { user } = await createUser(deps, system, { email, name: `Test ${role} ${serial}`, role, password: PASSWORD, ...scope });
    const { token } = await createApiToken(deps, system, { userEmail: email, name: "test" });
    const row = await db.staffUser.findUniqueOrThrow({ where: { id: user.id } });
    return { id: user.id, email, token, actor: actorForUser(row) };
  }
  const users = {} as Record<Role, ApiUser>;
  for (const role of ROLES) users[role] = await addUser(role);

  afterAll(async () => {
    await app.close();
    await queues.close();
    await deleteQueueKeys(config.REDIS_URL, queuePrefix);
  });

  return {
    app, db, url, config, clock, logger, queues, users, deps, addUser,
    as(role, method, path, body, headers = {}) {
      return app.inject({
        method: method as "GET",
        url: path,
        headers: { ...(role ? { authorization: `Bearer ${users[role].token}` } : {}), ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    },
  };
}
