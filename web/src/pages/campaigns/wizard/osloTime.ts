// Send times are chosen as Norwegian wall time, whatever the browser's own zone: a picked
// "2026-12-02 09:00" becomes "2026-12-02T09:00:00+01:00" (CET) and a summer date "+02:00" (CEST).
const OSLO = "Europe/Oslo";

const offsetFormat = new Intl.DateTimeFormat("en-US", { timeZone: OSLO, timeZoneName: "longOffset" });
const wallFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: OSLO, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

/** Oslo's offset from UTC at an instant, in minutes (60 or 120). */
function osloOffsetMinutes(instant: number): number {
  const name = offsetFormat.formatToParts(new Date(instant)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === "-" ? -minutes : minutes;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * "YYYY-MM-DD HH:mm[:ss]" read as Oslo wall time → ISO 8601 with Oslo's offset on that date.
 * In the autumn hour that happens twice, the later (winter) one; a spring time that never
 * happens (02:30 on the switch night) moves to the same minutes after the gap.
 */
export function osloWallToIso(wall: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})/.exec(wall);
  if (!match) throw new RangeError(`not a wall time: ${wall}`);
  const [, date, hh, mm] = match;
  const asUtc = Date.parse(`${date}T${hh}:${mm}:00Z`);
  // Guess winter time, then correct with the offset in force at the guessed instant.
  const offset = osloOffsetMinutes(asUtc - osloOffsetMinutes(asUtc - 60 * 60_000) * 60_000);
  const sign = offset < 0 ? "-" : "+";
  return `${date}T${hh}:${mm}:00${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/** An instant → its Oslo wall time as "YYYY-MM-DD HH:mm:00" (what DateTimePicker holds). */
export function isoToOsloWall(iso: string): string {
  const parts = Object.fromEntries(wallFormat.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:00`;
}

/** Today's date in Oslo, "YYYY-MM-DD" (the earliest day the picker offers). */
export function osloToday(now: Date = new Date()): string {
  return isoToOsloWall(now.toISOString()).slice(0, 10);
}
