// Gives a test file its own database, cloned from the run's migrated template.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "../../src/db/client.ts";

export interface TestDatabase {
  db: Db;
  url: string;
}

/**
 * Call at the top level of a test file (it registers its own afterAll). `empty`: a database
 * that exists but was never migrated.
 */
export async function useTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const template = inject("templateDatabase");
  const adminUrl = inject("adminDatabaseUrl");
  const name = `${template}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}${options.empty ? "" : ` TEMPLATE ${admin.escapeIdentifier(template)}`}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  afterAll(async () => {
    await db.$disconnect();
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
    await client.end();
  });
  return { db, url: url.toString() };
}
