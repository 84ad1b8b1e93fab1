import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;

/**
 * Creates a Prisma client over node-postgres. The caller owns it and must `$disconnect()`.
 * Sessions are named (`application_name`, "budstikke" unless DATABASE_URL says otherwise), so an
 * operator can tell Budstikke's connections apart in pg_stat_activity.
 */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.max ?? 10, application_name: "budstikke" });
  return new PrismaClient({ adapter });
}
