// What the delivery statements run on: the Prisma client, an interactive transaction, or the
// workers' node-postgres pool (src/db/sql.ts).
export type { Sql } from "../db/sql.ts";

/** The statuses of a row that still needs work: not yet sent, or claimed and in flight. */
export const UNFINISHED = `('pending', 'sending')`;
