// Calendar days picked in the filter, as the instants the API compares with: midnight in Oslo
// (with that day's offset, +01:00 or +02:00), whatever the browser's own time zone.
const offsetFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Oslo", timeZoneName: "longOffset" });

/** "2026-11-20" → "2026-11-20T00:00:00+01:00". */
export function osloMidnight(day: string): string {
  // Oslo changes offset at 01:00 UTC, so the offset at 00:00 UTC is the one at the day's local midnight.
  const name = offsetFormat.formatToParts(new Date(`${day}T00:00:00Z`)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const offset = name === "GMT" ? "+00:00" : name.replace("GMT", "");
  return `${day}T00:00:00${offset}`;
}

/** The day after a calendar day: the exclusive end of a range that includes `day`. */
export function nextDay(day: string): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + 1);
  return at.toISOString().slice(0, 10);
}

/** Typed dates: "20.11.2026", "20.11.26", "2026-11-20" → "2026-11-20" (null when not a real day). */
export function parseDay(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(trimmed);
  const nordic = /^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$/.exec(trimmed);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : nordic
      ? [Number(nordic[3]!.length === 2 ? `20${nordic[3]}` : nordic[3]), Number(nordic[2]), Number(nordic[1])]
      : [NaN, NaN, NaN];
  const at = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(at.getTime()) || at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== day) return null;
  return at.toISOString().slice(0, 10);
}
