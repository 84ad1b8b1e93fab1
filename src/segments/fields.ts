// The field catalog of the rule format: which fields exist, what kind of value each holds,
// which operators it accepts, and the zod schema of one value. The validator, the SQL
// compiler and the in-memory evaluator all read this one table.
import { z } from "zod";
import { assertNever } from "../assert.ts";
import { LANGUAGES, MEMBER_STATUSES, SECTORS, checkDate } from "../members/fields.ts";
import { resolveCounty } from "../members/geography.ts";

export const OPERATORS = ["eq", "ne", "in", "notIn", "startsWith", "gt", "gte", "lt", "lte", "between", "exists"] as const;
export type Operator = (typeof OPERATORS)[number];

/**
 * How a field's values are compared.
 * - enum kinds: exact, from a fixed list;
 * - `code`: exact text (branch, agreement, numbers);
 * - `name`: case-insensitive text (employer name, workplace, position);
 * - `date`: ISO dates; `age`: whole years on the evaluation date;
 * - `county`/`municipality`/`postcode`: geography codes; `contact`: only `exists`.
 */
export type ValueKind =
  | "status" | "language" | "sector" | "code" | "name" | "date" | "age" | "county" | "municipality" | "postcode" | "contact";

export const FIELD_NAMES = [
  "status", "language", "branch", "joinedOn", "birthDate", "age",
  "employment.sector", "employment.agreement", "employment.employerOrgNumber", "employment.employerName",
  "employment.workplace", "employment.position",
  "geo.county", "geo.municipality", "geo.postcode",
  "contact.email", "contact.mobile", "contact.address",
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

const EQUALITY: readonly Operator[] = ["eq", "ne", "in", "notIn"];
const ORDERING: readonly Operator[] = ["gt", "gte", "lt", "lte", "between"];

export interface FieldDef {
  kind: ValueKind;
  ops: readonly Operator[];
  /** Where the value lives: a member column, the primary employment, or a contact point. */
  source: "member" | "employment" | "contact";
  /** Column in `member` or `employment`; for contact fields the contact point's name. */
  column: string;
}

export const FIELDS: Record<FieldName, FieldDef> = {
  status: { kind: "status", ops: EQUALITY, source: "member", column: "status" },
  language: { kind: "language", ops: EQUALITY, source: "member", column: "language" },
  branch: { kind: "code", ops: [...EQUALITY, "startsWith", "exists"], source: "member", column: "branch" },
  joinedOn: { kind: "date", ops: ["eq", "ne", ...ORDERING, "exists"], source: "member", column: "joined_on" },
  birthDate: { kind: "date", ops: ["eq", "ne", ...ORDERING, "exists"], source: "member", column: "birth_date" },
  age: { kind: "age", ops: [...EQUALITY, ...ORDERING, "exists"], source: "member", column: "birth_date" },
  "employment.sector": { kind: "sector", ops: [...EQUALITY, "exists"], source: "employment", column: "sector" },
  "employment.agreement": { kind: "code", ops: [...EQUALITY, "startsWith", "exists"], source: "employment", column: "agreement" },
  "employment.employerOrgNumber": {
    kind: "code", ops: [...EQUALITY, "startsWith", "exists"], source: "employment", column: "employer_org_number",
  },
  "employment.employerName": { kind: "name", ops: [...EQUALITY, "startsWith", "exists"], source: "employment", column: "employer_name" },
  "employment.workplace": { kind: "name", ops: [...EQUALITY, "startsWith", "exists"], source: "employment", column: "workplace" },
  "employment.position": { kind: "name", ops: [...EQUALITY, "startsWith", "exists"], source: "employment", column: "position" },
  "geo.county": { kind: "county", ops: [...EQUALITY, "exists"], source: "member", column: "county_number" },
  "geo.municipality": { kind: "municipality", ops: [...EQUALITY, "startsWith", "exists"], source: "member", column: "municipality_number" },
  "geo.postcode": { kind: "postcode", ops: [...EQUALITY, "startsWith", ...ORDERING, "exists"], source: "member", column: "postcode" },
  "contact.email": { kind: "contact", ops: ["exists"], source: "contact", column: "email" },
  "contact.mobile": { kind: "contact", ops: ["exists"], source: "contact", column: "mobile" },
  "contact.address": { kind: "contact", ops: ["exists"], source: "contact", column: "address" },
};

export function isFieldName(value: unknown): value is FieldName {
  return typeof value === "string" && Object.hasOwn(FIELDS, value);
}

export function isOperator(value: unknown): value is Operator {
  return typeof value === "string" && (OPERATORS as readonly string[]).includes(value);
}

// PostgreSQL text cannot hold NUL, so such a value could never match and would fail the query.
const text = z
  .string()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine((v) => !v.includes("\u0000"), "must not contain a NUL character (\\u0000)");
const isoDate = z.string().refine((v) => checkDate(v).ok, "must be a real date written YYYY-MM-DD");

/** Schema of one value of a field, for the operator at hand (prefixes are shorter than codes). */
export function scalarSchema(kind: ValueKind, op: Operator): z.ZodType<string | number> {
  const prefix = op === "startsWith";
  switch (kind) {
    case "status":
      return z.enum(MEMBER_STATUSES, { error: `must be one of ${MEMBER_STATUSES.join(", ")}` });
    case "language":
      return z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(", ")}` });
    case "sector":
      return z.enum(SECTORS, { error: `must be one of ${SECTORS.join(", ")}` });
    case "code":
    case "name":
      return text;
    case "date":
      return isoDate;
    case "age":
      return z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more").max(150, "must be at most 150");
    case "county":
      return z.string({ error: "must be a county number or name" }).refine((v) => resolveCounty(v) !== undefined, "is not a county number or name (2024 counties)");
    case "municipality":
      return prefix
        ? z.string().regex(/^\d{1,4}$/, "must be 1 to 4 digits")
        : z.string().regex(/^\d{4}$/, "must be a 4-digit municipality number");
    case "postcode":
      return prefix ? z.string().regex(/^\d{1,4}$/, "must be 1 to 4 digits") : z.string().regex(/^\d{4}$/, "must be a 4-digit postcode");
    case "contact":
      // Contact fields accept only `exists`, whose value schema is a boolean (see valueSchema).
      return z.never();
    default:
      return assertNever(kind);
  }
}

/** The whole `value` of a condition: a scalar, a non-empty list, an inclusive pair, or a boolean. */
export function valueSchema(kind: ValueKind, op: Operator): z.ZodType<unknown> {
  switch (op) {
    case "exists":
      return z.boolean({ error: "must be true or false" });
    case "in":
    case "notIn":
      return z.array(scalarSchema(kind, op), { error: "must be a list" }).min(1, "must not be an empty list").max(1000, "must have at most 1000 items");
    case "between":
      return z
        .tuple([scalarSchema(kind, op), scalarSchema(kind, op)], { error: "must be a list [from, to]" })
        .refine(([from, to]) => from <= to, "from must not be after to");
    case "eq":
    case "ne":
    case "startsWith":
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return scalarSchema(kind, op);
    default:
      return assertNever(op);
  }
}
