// Quiet hours for SMS: no sends between `start` and `end` local time (default 21:00–08:00
// Europe/Oslo). Pure functions over instants, so DST switches can be tested at chosen moments.
// The window is wall-clock based: "08:00" means 08:00 on the local clock, whatever the offset.

export interface QuietHours {
  /** "HH:MM" local time when the quiet period starts (inclusive). */
  start: string;
  /** "HH:MM" local time when sending may resume (exclusive end of the quiet period). */
  end: string;
  /** IANA time zone, e.g. "Europe/Oslo". */
  timeZone: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: "21:00", end: "08:00", timeZone: "Europe/Oslo" };

/** From config: SMS_QUIET_START / SMS_QUIET_END, always in Europe/Oslo (the union's time zone). */
export function quietHoursFromConfig(config: { SMS_QUIET_START: string; SMS_QUIET_END: string }): QuietHours {
  return { start: config.SMS_QUIET_START, end: config.SMS_QUIET_END, timeZone: "Europe/Oslo" };
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minuteOfDay: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function localTime(at: Date, timeZone: string): LocalTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    minuteOfDay: (parts.hour ?? 0) * 60 + (parts.minute ?? 0),
  };
}

function minutesOf(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new RangeError(`Quiet hours must be HH:MM, got "${hhmm}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function inWindow(minute: number, start: number, end: number): boolean {
  if (start === end) return false; // an empty window: never quiet
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function isQuietTime(at: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  return inWindow(localTime(at, quiet.timeZone).minuteOfDay, minutesOf(quiet.start), minutesOf(quiet.end));
}

/**
 * The earliest instant at or after `at` when an SMS may go out: `at` itself outside quiet
 * hours, otherwise the next time the local clock shows `end`. If `end` does not exist that day
 * (skipped by a spring-forward switch) it is the first instant after the gap.
 */
export function nextSendTime(at: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const local = localTime(at, quiet.timeZone);
  if (!inWindow(local.minuteOfDay, start, end)) return new Date(at.getTime());
  // Crossing midnight and still before midnight: the window ends tomorrow.
  const dayOffset = start > end && local.minuteOfDay >= start ? 1 : 0;
  const endDate = new Date(Date.UTC(local.year, local.month - 1, local.day + dayOffset));
  return firstInstantAtOrAfter(endDate, end, quiet.timeZone, at);
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** First instant ≥ notBefore whose local date is `date` (UTC midnight of it) and local time ≥ minute. */
function firstInstantAtOrAfter(date: Date, minute: number, timeZone: string, notBefore: Date): Date {
  const wall = date.getTime() + minute * MINUTE; // the wall time read as if it were UTC
  // Every offset in use within a day of the wall time: one normally, two around a switch.
  const offsets = new Set([-DAY, 0, DAY].map((d) => offsetAt(new Date(wall + d), timeZone)));
  const matches = [...offsets]
    .map((offset) => wall - offset)
    .filter((t) => t >= notBefore.getTime() && sameWall(new Date(t), date, minute, timeZone))
    .sort((a, b) => a - b);
  if (matches[0] !== undefined) return new Date(matches[0]);
  // The wall time was skipped (spring forward): search the gap for the first instant after it.
  let low = wall - Math.max(...offsets);
  let high = wall - Math.min(...offsets);
  if (high < low) [low, high] = [high, low];
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (isAtOrPast(new Date(mid), date, minute, timeZone)) high = mid;
    else low = mid;
  }
  return new Date(Math.max(high, notBefore.getTime()));
}

/** Local offset (ms ahead of UTC) at an instant. */
function offsetAt(at: Date, timeZone: string): number {
  const local = localTime(at, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day) + local.minuteOfDay * MINUTE;
  return asUtc - Math.floor(at.getTime() / MINUTE) * MINUTE;
}

function sameWall(at: Date, date: Date, minute: number, timeZone: string): boolean {
  const local = localTime(at, timeZone);
  return Date.UTC(local.year, local.month - 1, local.day) === date.getTime() && local.minuteOfDay === minute;
}

function isAtOrPast(at: Date, date: Date, minute: number, timeZone: string): boolean {
  const local = localTime(at, timeZone);
  const localDate = Date.UTC(local.year, local.month - 1, local.day);
  return localDate > date.getTime() || (localDate === date.getTime() && local.minuteOfDay >= minute);
}
