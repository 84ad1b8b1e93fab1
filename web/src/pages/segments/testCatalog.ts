// A field catalog as GET /segments/fields answers it (a subset of the fields), for component tests.
import type { SegmentFields } from "../../../../src/contracts/segments.ts";

const EQUALITY = ["eq", "ne", "in", "notIn"] as const;
const ORDERING = ["gt", "gte", "lt", "lte", "between"] as const;

export const TEST_CATALOG: SegmentFields = {
  fields: [
    { name: "status", kind: "status", ops: [...EQUALITY] },
    { name: "joinedOn", kind: "date", ops: ["eq", "ne", ...ORDERING, "exists"] },
    { name: "age", kind: "age", ops: [...EQUALITY, ...ORDERING, "exists"] },
    { name: "employment.agreement", kind: "code", ops: [...EQUALITY, "startsWith", "exists"] },
    { name: "geo.county", kind: "county", ops: [...EQUALITY, "exists"] },
    { name: "geo.municipality", kind: "municipality", ops: [...EQUALITY, "startsWith", "exists"] },
    { name: "geo.postcode", kind: "postcode", ops: [...EQUALITY, "startsWith", ...ORDERING, "exists"] },
    { name: "contact.email", kind: "contact", ops: ["exists"] },
  ],
  options: {
    status: ["active", "student", "retired"],
    language: ["nb", "nn", "en"],
    sector: ["state", "other"],
    counties: [{ number: "03", name: "Oslo" }, { number: "46", name: "Vestland" }],
    municipalities: [{ number: "0301", name: "Oslo", countyNumber: "03" }, { number: "4601", name: "Bergen", countyNumber: "46" }],
    agreements: ["Hovedtariffavtalen i staten", "Spekter A2"],
  },
};
