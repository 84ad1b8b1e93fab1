// Turns one CSV record into a normalised member row, or a list of per-field reasons.
import type { MemberColumn } from "./csv-format.ts";
import {
  checkDate, checkEmail, checkMobile, checkMunicipalityNumber, checkOneOf, checkOrgNumber, checkPostcode,
  LANGUAGES, MEMBER_STATUSES, SECTORS, type Check, type Language, type MemberStatus, type Sector,
} from "./fields.ts";

export interface EmploymentRow {
  employerOrgNumber: string | null;
  employerName: string | null;
  sector: Sector | null;
  agreement: string | null;
  workplace: string | null;
  position: string | null;
}

export interface MemberRow {
  memberNumber: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  email: string | null;
  mobile: string | null;
  addressLine: string | null;
  postcode: string | null;
  city: string | null;
  municipalityNumber: string | null;
  status: MemberStatus;
  joinedOn: string | null;
  language: Language;
  branch: string | null;
  /** Null when the row carries no employer fields: the stored employment is left alone. */
  employment: EmploymentRow | null;
}

export type RowResult = { ok: true; row: MemberRow } | { ok: false; memberNumber: string; errors: string[] };

const checkStatus = checkOneOf(MEMBER_STATUSES);
const checkSector = checkOneOf(SECTORS);
const checkLanguage = checkOneOf(LANGUAGES);

const text = (max: number) => (value: string): Check<string> =>
  value.length > max ? { ok: false, error: `is longer than ${max} characters` } : { ok: true, value };

const checkMemberNumber = (value: string): Check<string> =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(value)
    ? { ok: true, value }
    : { ok: false, error: "must be 1-40 letters, digits, '.', '_' or '-'" };

export function validateRow(get: (column: MemberColumn) => string): RowResult {
  const errors: string[] = [];
  const field = <T>(column: MemberColumn, check: (v: string) => Check<T>, required = false): T | null => {
    const raw = get(column).trim();
    if (raw === "") {
      if (required) errors.push(`${column}: is required`);
      return null;
    }
    // PostgreSQL text cannot hold NUL: refuse the row here rather than fail the whole file.
    if (raw.includes("\u0000")) {
      errors.push(`${column}: contains a NUL character`);
      return null;
    }
    const result = check(raw);
    if (!result.ok) {
      errors.push(`${column}: ${result.error}`);
      return null;
    }
    return result.value;
  };

  const memberNumber = field("member_number", checkMemberNumber, true);
  const firstName = field("first_name", text(100), true);
  const lastName = field("last_name", text(100), true);
  const status = field("status", checkStatus, true);
  const row = {
    birthDate: field("birth_date", checkDate),
    email: field("email", checkEmail),
    mobile: field("mobile", checkMobile),
    addressLine: field("address_line", text(200)),
    postcode: field("postcode", checkPostcode),
    city: field("city", text(100)),
    municipalityNumber: field("municipality_number", checkMunicipalityNumber),
    joinedOn: field("joined_on", checkDate),
    language: field("language", checkLanguage) ?? "nb",
    branch: field("branch", text(40)),
  };
  const employment: EmploymentRow = {
    employerOrgNumber: field("employer_org_number", checkOrgNumber),
    employerName: field("employer_name", text(200)),
    sector: field("sector", checkSector),
    agreement: field("agreement", text(40)),
    workplace: field("workplace", text(200)),
    position: field("position", text(200)),
  };

  if (errors.length > 0 || memberNumber === null || firstName === null || lastName === null || status === null) {
    return { ok: false, memberNumber: get("member_number").trim(), errors };
  }
  const hasEmployment = Object.values(employment).some((v) => v !== null);
  return {
    ok: true,
    row: { memberNumber, firstName, lastName, status, ...row, employment: hasEmployment ? employment : null },
  };
}
