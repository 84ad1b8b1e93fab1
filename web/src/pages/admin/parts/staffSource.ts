// Suppression sources and lift reasons start with who did it: "staff:7: asked by phone",
// "system:cli", "smtp:5.1.1". Staff ids read better as names where the screen knows them.
import type { StaffUser } from "./api.ts";

const STAFF = /^staff:(\d+)(?::\s*([\s\S]*))?$/;

export interface DescribedSource {
  /** A staff name, or the raw source ("smtp:5.1.1"). */
  who: string;
  /** The note staff gave, if any. */
  note: string | null;
}

export function describeSource(source: string | null, staff: ReadonlyMap<number, StaffUser>): DescribedSource | null {
  if (!source) return null;
  const match = STAFF.exec(source);
  if (!match) return { who: source, note: null };
  const user = staff.get(Number(match[1]));
  return { who: user ? user.name : `staff:${match[1]}`, note: match[2]?.trim() || null };
}
