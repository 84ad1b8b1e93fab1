// What the delivery statements run on: the Prisma client or an interactive transaction.
import type { Db } from "../db/client.ts";

export type Sql = Pick<Db, "$queryRawUnsafe" | "$executeRawUnsafe">;

/** The statuses of a row that still needs work: not yet sent, or claimed and in flight. */
export const UNFINISHED = `('pending', 'sending')`;
