import { describe, expect, it } from "vitest";
import { DEFAULT_QUIET_HOURS, isQuietTime, nextSendTime, quietHoursFromConfig } from "../../src/channels/quiet-hours.ts";

// Europe/Oslo: CET (+01:00) in winter, CEST (+02:00) in summer. In 2026 clocks go forward at
// 02:00 → 03:00 on 29 March (01:00Z) and back at 03:00 → 02:00 on 25 October (01:00Z).
describe("when checking the default SMS quiet hours (21:00–08:00 Europe/Oslo)", () => {
  it.each([
    // instant (UTC)              quiet  next send (UTC)           why
    ["2026-01-15T19:59:00Z", false, "2026-01-15T19:59:00Z"], // 20:59 CET
    ["2026-01-15T20:00:00Z", true, "2026-01-16T07:00:00Z"], // 21:00 CET → 08:00 CET next day
    ["2026-01-15T23:30:00Z", true, "2026-01-16T07:00:00Z"], // 00:30 CET, after midnight
    ["2026-01-16T06:59:00Z", true, "2026-01-16T07:00:00Z"], // 07:59 CET
    ["2026-01-16T07:00:00Z", false, "2026-01-16T07:00:00Z"], // 08:00 CET: open
    ["2026-07-01T18:59:00Z", false, "2026-07-01T18:59:00Z"], // 20:59 CEST
    ["2026-07-01T19:00:00Z", true, "2026-07-02T06:00:00Z"], // 21:00 CEST → 08:00 CEST
    ["2026-03-28T20:30:00Z", true, "2026-03-29T06:00:00Z"], // 21:30 CET, night of spring forward → 08:00 CEST
    ["2026-03-29T00:59:00Z", true, "2026-03-29T06:00:00Z"], // 01:59 CET, just before the switch
    ["2026-03-29T01:00:00Z", true, "2026-03-29T06:00:00Z"], // 03:00 CEST, just after
    ["2026-03-29T05:59:00Z", true, "2026-03-29T06:00:00Z"], // 07:59 CEST
    ["2026-03-29T06:00:00Z", false, "2026-03-29T06:00:00Z"], // 08:00 CEST
    ["2026-10-24T19:00:00Z", true, "2026-10-25T07:00:00Z"], // 21:00 CEST, night of fall back → 08:00 CET
    ["2026-10-25T00:30:00Z", true, "2026-10-25T07:00:00Z"], // 02:30 CEST (first 02:30)
    ["2026-10-25T01:30:00Z", true, "2026-10-25T07:00:00Z"], // 02:30 CET (second 02:30)
    ["2026-10-25T06:59:00Z", true, "2026-10-25T07:00:00Z"], // 07:59 CET
    ["2026-10-25T07:00:00Z", false, "2026-10-25T07:00:00Z"], // 08:00 CET
    ["2026-10-25T19:59:00Z", false, "2026-10-25T19:59:00Z"], // 20:59 CET, first evening in winter time
    ["2026-10-25T20:00:00Z", true, "2026-10-26T07:00:00Z"], // 21:00 CET
  ])("at %s should be quiet=%s and send at %s", (at, quiet, next) => {
    expect(isQuietTime(new Date(at), DEFAULT_QUIET_HOURS)).toBe(quiet);
    expect(nextSendTime(new Date(at), DEFAULT_QUIET_HOURS).toISOString()).toBe(new Date(next).toISOString());
  });

  it("should never return a time inside quiet hours, nor before the given instant", () => {
    const start = Date.parse("2026-03-27T00:00:00Z");
    for (let t = start; t < start + 40 * 24 * 3600_000; t += 17 * 60_000 + 13_000) {
      const at = new Date(t);
      const next = nextSendTime(at);
      expect(next.getTime()).toBeGreaterThanOrEqual(t);
      expect(isQuietTime(next)).toBe(false);
      // …and it is the first open minute: one minute earlier is still quiet (or before `at`).
      if (next.getTime() > t) expect(isQuietTime(new Date(next.getTime() - 60_000))).toBe(true);
    }
  });
});

describe("when the quiet window does not cross midnight or ends in a DST gap", () => {
  it("should handle a same-day window", () => {
    const lunch = { start: "11:30", end: "12:30", timeZone: "Europe/Oslo" };
    expect(isQuietTime(new Date("2026-01-15T10:29:00Z"), lunch)).toBe(false); // 11:29
    expect(nextSendTime(new Date("2026-01-15T10:45:00Z"), lunch).toISOString()).toBe("2026-01-15T11:30:00.000Z");
  });

  it("should resume at the first instant after the gap when the end time does not exist", () => {
    const nightly = { start: "01:00", end: "02:30", timeZone: "Europe/Oslo" }; // 02:30 is skipped on 29 March
    expect(nextSendTime(new Date("2026-03-29T00:30:00Z"), nightly).toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("should resume at the first 02:45 when 02:45 happens twice", () => {
    const window = { start: "02:15", end: "02:45", timeZone: "Europe/Oslo" };
    expect(nextSendTime(new Date("2026-10-25T00:30:00Z"), window).toISOString()).toBe("2026-10-25T00:45:00.000Z");
    expect(nextSendTime(new Date("2026-10-25T01:30:00Z"), window).toISOString()).toBe("2026-10-25T01:45:00.000Z");
  });

  it("should treat equal start and end as no quiet hours at all", () => {
    const none = { start: "08:00", end: "08:00", timeZone: "Europe/Oslo" };
    expect(isQuietTime(new Date("2026-01-15T07:00:00Z"), none)).toBe(false);
  });

  it("should take the window from configuration and reject malformed times", () => {
    expect(quietHoursFromConfig({ SMS_QUIET_START: "22:00", SMS_QUIET_END: "07:30" })).toEqual({
      start: "22:00", end: "07:30", timeZone: "Europe/Oslo",
    });
    expect(() => isQuietTime(new Date(), { start: "9pm", end: "08:00", timeZone: "Europe/Oslo" })).toThrow(RangeError);
  });
});
