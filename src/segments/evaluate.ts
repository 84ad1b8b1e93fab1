// A pure in-memory evaluator with the same meaning as the SQL compiler. It exists so each can
// check the other (property test), and for explaining why one member is or is not in a segment.
import { ageOn } from "./age.ts";
import { list, scalar } from "./compile.ts";
import { assertNever } from "../assert.ts";
import { FIELDS, type FieldName } from "./fields.ts";
import { classify, type Condition, type Rule } from "./rules.ts";
import { resolveCounty } from "../members/geography.ts";

export interface MemberFacts {
  status: string;
  language: string;
  branch: string | null;
  joinedOn: string | null;
  birthDate: string | null;
  countyNumber: string | null;
  municipalityNumber: string | null;
  postcode: string | null;
  email: string | null;
  emailInvalid: boolean;
  mobile: string | null;
  mobileInvalid: boolean;
  addressLine: string | null;
  addressInvalid: boolean;
  /** The primary employment, or null when the member has none. */
  employment: {
    sector: string | null;
    agreement: string | null;
    employerOrgNumber: string | null;
    employerName: string | null;
    workplace: string | null;
    position: string | null;
  } | null;
}

export function evaluateRule(rule: Rule, member: MemberFacts, evaluatedOn: string): boolean {
  const node = classify(rule);
  switch (node.kind) {
    case "all":
      return node.rules.every((r) => evaluateRule(r, member, evaluatedOn));
    case "any":
      return node.rules.some((r) => evaluateRule(r, member, evaluatedOn));
    case "not":
      return !evaluateRule(node.rule, member, evaluatedOn);
    case "condition":
      return evaluateCondition(node.condition, member, evaluatedOn);
    default:
      return assertNever(node);
  }
}

function valueOf(field: FieldName, m: MemberFacts, on: string): string | number | null {
  switch (field) {
    case "status": return m.status;
    case "language": return m.language;
    case "branch": return m.branch;
    case "joinedOn": return m.joinedOn;
    case "birthDate": return m.birthDate;
    case "age": return m.birthDate === null ? null : ageOn(m.birthDate, on);
    case "employment.sector": return m.employment?.sector ?? null;
    case "employment.agreement": return m.employment?.agreement ?? null;
    case "employment.employerOrgNumber": return m.employment?.employerOrgNumber ?? null;
    case "employment.employerName": return m.employment?.employerName ?? null;
    case "employment.workplace": return m.employment?.workplace ?? null;
    case "employment.position": return m.employment?.position ?? null;
    case "geo.county": return m.countyNumber;
    case "geo.municipality": return m.municipalityNumber;
    case "geo.postcode": return m.postcode;
    case "contact.email": return m.email !== null && !m.emailInvalid ? "yes" : null;
    case "contact.mobile": return m.mobile !== null && !m.mobileInvalid ? "yes" : null;
    case "contact.address": return m.addressLine !== null && m.postcode !== null && !m.addressInvalid ? "yes" : null;
    default: return assertNever(field);
  }
}

function evaluateCondition(c: Condition, member: MemberFacts, on: string): boolean {
  const def = FIELDS[c.field];
  const raw = valueOf(c.field, member, on);
  const norm = (v: string | number): string | number => {
    if (def.kind === "county") return resolveCounty(String(v)) ?? String(v);
    if (def.kind === "name") return String(v).toLowerCase();
    return v;
  };
  const actual = raw === null ? null : norm(raw);
  // Positive operators never match an unknown value; their negations always do.
  const positive = (test: (v: string | number) => boolean) => actual !== null && test(actual);
  switch (c.op) {
    case "eq": return positive((v) => v === norm(scalar(c.value)));
    case "ne": return !positive((v) => v === norm(scalar(c.value)));
    case "in": return positive((v) => list(c.value).map(norm).includes(v));
    case "notIn": return !positive((v) => list(c.value).map(norm).includes(v));
    case "startsWith": return positive((v) => String(v).startsWith(String(norm(scalar(c.value)))));
    case "gt": return positive((v) => v > norm(scalar(c.value)));
    case "gte": return positive((v) => v >= norm(scalar(c.value)));
    case "lt": return positive((v) => v < norm(scalar(c.value)));
    case "lte": return positive((v) => v <= norm(scalar(c.value)));
    case "between": {
      const [from, to] = list(c.value).map(norm);
      return positive((v) => v >= from! && v <= to!);
    }
    case "exists": return (actual !== null) === c.value;
    default: return assertNever(c.op);
  }
}
