// Raw SQL for the delivery pipeline's hot statements. Every statement there is hand-written
// SQL, so it needs no ORM: `createSql` runs it on node-postgres directly, which costs the worker
// a fraction of the CPU of Prisma's raw-query path (result mapping, request plumbing) and keeps
// it off Prisma's pool. Both the Prisma client and `createSql` satisfy `Sql`, so a statement
// runs on either, and inside a Prisma transaction too.
import pg from "pg";
import type { Db } from "./client.ts";

export type Sql = Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe">;

export interface SqlPool extends Sql {
  /** Idempotent. */
  close(): Promise<void>;
}

// What Prisma's raw queries return, so callers cannot tell the two apart: int8 as bigint (ids,
// counts) and dates as UTC midnight.
const INT8 = 20;
const INT8_ARRAY = 1016;
const DATE = 1082;
const TEXT_ARRAY = 1009;
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8) return (value: string) => BigInt(value);
    if (oid === INT8_ARRAY) {
      const parseArray = pg.types.getTypeParser(TEXT_ARRAY as never, "text") as (value: string) => string[];
      return (value: string) => parseArray(value).map((v) => (v === null ? v : BigInt(v)));
    }
    if (oid === DATE) return (value: string) => new Date(`${value}T00:00:00Z`);
    return pg.types.getTypeParser(oid as never, format ?? "text");
  },
};

export interface SqlPoolOptions {
  /** Connections at most. @defaultValue 10 */
  max?: number;
  /** `application_name` of the sessions, unless DATABASE_URL names one. @defaultValue "budstikke" */
  applicationName?: string;
  /** Told about a connection that failed while idle (the pool replaces it). */
  onIdleError?: (error: Error) => void;
}

export function createSql(databaseUrl: string, options: SqlPoolOptions = {}): SqlPool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    application_name: options.applicationName ?? "budstikke",
    types: types as pg.CustomTypesConfig,
  });
  // An idle connection that the server closed (restart, pg_terminate_backend) must not crash
  // the process; the next query simply gets a new one.
  pool.on("error", (error) => options.onIdleError?.(error));
  let closing: Promise<void> | undefined;
  const sql = {
    async $queryRawUnsafe(query: string, ...values: unknown[]) {
      return (await pool.query(query, values)).rows;
    },
    async $executeRawUnsafe(query: string, ...values: unknown[]) {
      return (await pool.query(query, values)).rowCount ?? 0;
    },
    close: () => (closing ??= pool.end()),
  };
  return sql as unknown as SqlPool;
}
