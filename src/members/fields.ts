// Field-level validators for member data. Each returns a normalised value or an error text;
// messages name the problem but never echo the value (it may be personal data in a log).
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";
import { isMunicipalityNumber } from "./geography.ts";

export const MEMBER_STATUSES = ["active", "student", "apprentice", "retired", "unemployed", "honorary", "resigned"] as const;
export const SECTORS = ["state", "spekter", "virke", "nho", "other"] as const;
export const LANGUAGES = ["nb", "nn", "en"] as const;

export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type Sector = (typeof SECTORS)[number];
export type Language = (typeof LANGUAGES)[number];

export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = <T>(error: string): Check<T> => ({ ok: false, error });

/** A real calendar date written as YYYY-MM-DD. */
export function checkDate(value: string): Check<string> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return fail("must be a date written YYYY-MM-DD");
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail("is not a real calendar date");
  }
  if (year < 1900) return fail("is before 1900");
  return ok(value);
}

// International addresses (RFC 6531: unicode local part and domain) are allowed.
const emailSchema = z.email({ pattern: z.regexes.unicodeEmail });

export function checkEmail(value: string): Check<string> {
  if (value.length > 254) return fail("is longer than 254 characters");
  return emailSchema.safeParse(value).success ? ok(value) : fail("is not a valid email address");
}

/** A Norwegian mobile number (8 digits, with or without +47) or any E.164 mobile number. */
export function checkMobile(value: string): Check<string> {
  const phone = parsePhoneNumberFromString(value, "NO");
  if (!phone || !phone.isValid()) return fail("is not a valid Norwegian or E.164 phone number");
  const type = phone.getType();
  if (type !== undefined && type !== "MOBILE" && type !== "FIXED_LINE_OR_MOBILE") {
    return fail("is not a mobile number");
  }
  return ok(phone.number);
}

export function checkPostcode(value: string): Check<string> {
  return /^\d{4}$/.test(value) ? ok(value) : fail("must be 4 digits");
}

export function checkMunicipalityNumber(value: string): Check<string> {
  if (!/^\d{4}$/.test(value)) return fail("must be 4 digits");
  return isMunicipalityNumber(value) ? ok(value) : fail("does not start with a 2024 county number");
}

const ORG_WEIGHTS = [3, 2, 7, 6, 5, 4, 3, 2];

/** Norwegian organisation number: 9 digits, the last a mod-11 check digit. */
export function checkOrgNumber(value: string): Check<string> {
  if (!/^\d{9}$/.test(value)) return fail("must be 9 digits");
  return orgNumberCheckDigit(value.slice(0, 8)) === Number(value[8]) ? ok(value) : fail("has a wrong check digit");
}

/** The mod-11 check digit for the first 8 digits, or undefined when none is possible. */
export function orgNumberCheckDigit(first8: string): number | undefined {
  const sum = ORG_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first8[i]), 0);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

export function checkOneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): Check<T> => {
    const lower = value.toLowerCase();
    return (allowed as readonly string[]).includes(lower)
      ? ok(lower as T)
      : fail(`must be one of ${allowed.join(", ")}`);
  };
}
