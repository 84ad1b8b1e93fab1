// Age is whole years on an evaluation date, and that date is the Europe/Oslo calendar date of
// the evaluation instant (a rule evaluated at 00:30 Oslo time on a birthday counts the birthday).

import type { Clock } from "../clock.ts";

const osloDateFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit",
});

/** The Europe/Oslo calendar date (YYYY-MM-DD) of an instant. */
export function osloDate(instant: Date): string {
  return osloDateFormat.format(instant);
}

export function evaluationDate(clock: Clock): string {
  return osloDate(clock.now());
}

type Ymd = [number, number, number];
const parse = (date: string): Ymd => date.split("-").map(Number) as Ymd;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** Whole years between a birth date and an evaluation date; a 29 February birthday comes on 1 March in other years. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = parse(birthDate);
  const [y, m, d] = parse(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * The latest birth date of someone at least `age` years old on `on`: the same day `age` years
 * earlier, or the month's last day when that day does not exist (29 February in a common year).
 * So `age >= n` is exactly `birth_date <= latestBirthDateForAge(on, n)`, which keeps age
 * conditions plain date comparisons the planner can use indexes for.
 */
export function latestBirthDateForAge(on: string, age: number): string {
  const [y, m, d] = parse(on);
  const year = y - age;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  // Date.UTC maps years 0-99 to 1900-1999; ages are at most 151 years back, so years stay far above 99.
  return `${pad(year, 4)}-${pad(m)}-${pad(Math.min(d, lastDay))}`;
}
