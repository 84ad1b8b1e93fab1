// Shared plumbing for the benchmark scripts: a dedicated database, never the development one.
import pg from "pg";
import { loadConfig } from "../src/config.ts";
import { migrate } from "../src/db/migrate.ts";

/** Returns the URL of a benchmark database next to DATABASE_URL, created and migrated if needed. */
export async function benchDatabase(name: string, options: { fresh?: boolean } = {}): Promise<string> {
  const base = new URL(loadConfig().DATABASE_URL);
  const admin = new URL(base);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    if (options.fresh) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return url.toString();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
