// Whether this process can do its work: PostgreSQL answers, Redis answers (when it has queues)
// and every migration in prisma/migrations is applied. Polled every few seconds by a load
// balancer or an orchestrator, so each check is one round trip with a deadline, and the
// migration check, once true, is not repeated (migrations are never un-applied under a process).
// What a failed check says is fixed text: never an error message, a URL or a host name.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../db/client.ts";
import { MIGRATIONS_DIR } from "../db/migrate.ts";
import type { Logger } from "../log.ts";
import type { Queues } from "../queues/queues.ts";
import { redisConnected } from "./state.ts";
import { withTimeout } from "./timeout.ts";

export type CheckName = "database" | "redis" | "migrations";

export interface CheckResult {
  ok: boolean;
  /** Why not, in words an operator can act on (no secrets, no addresses). */
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: Partial<Record<CheckName, CheckResult>>;
}

export interface ReadinessDeps {
  db: Db;
  /** Checked only when given. */
  queues?: Queues;
  logger: Logger;
}

export interface ReadinessOptions {
  /** @defaultValue prisma/migrations of this checkout */
  migrationsDir?: string;
  /** Deadline of each check. @defaultValue 2000 */
  timeoutMs?: number;
}

export type ReadinessCheck = () => Promise<Readiness>;

export function createReadinessCheck(deps: ReadinessDeps, options: ReadinessOptions = {}): ReadinessCheck {
  const timeoutMs = options.timeoutMs ?? 2000;
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  let migrationsApplied = false;

  const fail = (check: CheckName, detail: string, error?: unknown): CheckResult => {
    // The reason goes to the log (for the operator), not to whoever polls.
    if (error !== undefined) deps.logger.warn({ check, err: (error as Error).message }, "readiness check failed");
    return { ok: false, detail };
  };

  async function database(): Promise<CheckResult> {
    try {
      await withTimeout(deps.db.$queryRawUnsafe("SELECT 1"), timeoutMs, "the database");
      return { ok: true };
    } catch (error) {
      return fail("database", "PostgreSQL did not answer", error);
    }
  }

  async function redis(queues: Queues): Promise<CheckResult> {
    if (!redisConnected(queues.connection)) return fail("redis", "no connection to Redis");
    try {
      await withTimeout(queues.connection.ping(), timeoutMs, "Redis");
      return { ok: true };
    } catch (error) {
      return fail("redis", "Redis did not answer", error);
    }
  }

  async function migrations(): Promise<CheckResult> {
    if (migrationsApplied) return { ok: true };
    const expected = listMigrations(migrationsDir);
    if (expected === null) return fail("migrations", "the migrations folder is missing from this installation");
    let applied: Set<string>;
    try {
      applied = await withTimeout(appliedMigrations(deps.db), timeoutMs, "the database");
    } catch (error) {
      return fail("migrations", "could not read the applied migrations (has `budstikke db migrate` run?)", error);
    }
    const missing = expected.filter((name) => !applied.has(name)).length;
    if (missing > 0) return fail("migrations", `${missing} of ${expected.length} migrations not applied: run \`budstikke db migrate\``);
    migrationsApplied = true;
    return { ok: true };
  }

  return async function checkReadiness(): Promise<Readiness> {
    const [db, queue] = await Promise.all([database(), deps.queues ? redis(deps.queues) : undefined]);
    const checks: Readiness["checks"] = { database: db };
    if (queue) checks.redis = queue;
    checks.migrations = db.ok ? await migrations() : { ok: false, detail: "not checked: PostgreSQL did not answer" };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  };
}

/** Names of the migrations that finished and were not rolled back (the table src/db/migrate.ts keeps). */
async function appliedMigrations(db: Db): Promise<Set<string>> {
  // A database nobody migrated has no table yet: that is "none applied", not an error.
  const [table] = await db.$queryRawUnsafe<Array<{ present: boolean }>>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
  if (!table?.present) return new Set();
  const rows = await db.$queryRawUnsafe<Array<{ name: string }>>(
    `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return new Set(rows.map((r) => r.name));
}

function listMigrations(dir: string): string[] | null {
  if (!existsSync(dir)) return null;
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "migration.sql")))
    .map((e) => e.name);
}
