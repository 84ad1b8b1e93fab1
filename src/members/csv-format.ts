// The member import format: UTF-8 CSV, header row, RFC 4180 quoting.
export const MEMBER_COLUMNS = [
  "member_number", "first_name", "last_name", "birth_date", "email", "mobile", "address_line",
  "postcode", "city", "municipality_number", "status", "joined_on", "employer_org_number",
  "employer_name", "sector", "agreement", "workplace", "position", "language", "branch",
] as const;

export type MemberColumn = (typeof MEMBER_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly MemberColumn[] = ["member_number", "first_name", "last_name", "status"];

export const EMPLOYMENT_COLUMNS: readonly MemberColumn[] = [
  "employer_org_number", "employer_name", "sector", "agreement", "workplace", "position",
];

export type MemberCsvRow = Record<MemberColumn, string>;
