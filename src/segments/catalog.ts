// The field catalog for rule editors: the fields of the rule format (from the one table in
// fields.ts) and the values their pickers offer (geography and agreements from the database).
// Nothing here is personal data, so it is neither scoped nor audited: a steward's editor offers
// the same counties and agreements as anyone's, and their preview counts only their scope.
import type { Root } from "../app/root.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import type { SegmentFields } from "../contracts/segments.ts";
import { LANGUAGES, MEMBER_STATUSES, SECTORS } from "../members/fields.ts";
import { FIELDS, FIELD_NAMES } from "./fields.ts";

/** More agreements than this would not fit a picker; typed values are accepted beyond them. */
export const MAX_AGREEMENTS = 500;

export async function segmentFieldCatalog(deps: Pick<Root, "db">, actor: Actor): Promise<SegmentFields> {
  authorize(actor, "segments.read");
  const [counties, municipalities, agreements] = await Promise.all([
    deps.db.county.findMany({ orderBy: { number: "asc" }, select: { number: true, name: true } }),
    deps.db.municipality.findMany({ orderBy: { number: "asc" }, select: { number: true, name: true, countyNumber: true } }),
    distinctAgreements(deps.db),
  ]);
  return {
    fields: FIELD_NAMES.map((name) => ({ name, kind: FIELDS[name].kind, ops: [...FIELDS[name].ops] })),
    options: {
      status: [...MEMBER_STATUSES],
      language: [...LANGUAGES],
      sector: [...SECTORS],
      counties,
      municipalities,
      agreements,
    },
  };
}

/** The distinct agreements on employments (the agreement index serves the DISTINCT), in the database's text order. */
async function distinctAgreements(db: Root["db"]): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ agreement: string }>>`
    SELECT DISTINCT agreement FROM employment
    WHERE agreement IS NOT NULL AND agreement <> ''
    ORDER BY agreement
    LIMIT ${MAX_AGREEMENTS}`;
  return rows.map((r) => r.agreement);
}
