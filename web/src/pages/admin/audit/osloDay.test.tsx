import { describe, expect, it } from "vitest";
import { nextDay, osloMidnight, parseDay } from "./osloDay.ts";

describe("audit filter days", () => {
  it("turns a day into Oslo midnight with that day's offset, across both DST changes", () => {
    expect(osloMidnight("2026-11-20")).toBe("2026-11-20T00:00:00+01:00");
    expect(osloMidnight("2026-07-01")).toBe("2026-07-01T00:00:00+02:00");
    expect(osloMidnight("2026-03-29")).toBe("2026-03-29T00:00:00+01:00");
    expect(osloMidnight("2026-10-25")).toBe("2026-10-25T00:00:00+02:00");
    expect(new Date(osloMidnight("2026-03-30")).toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });

  it("finds the next day and parses typed Norwegian dates", () => {
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(parseDay("20.11.2026")).toBe("2026-11-20");
    expect(parseDay("1.2.26")).toBe("2026-02-01");
    expect(parseDay("2026-11-20")).toBe("2026-11-20");
    expect(parseDay("31.02.2026")).toBeNull();
    expect(parseDay("i går")).toBeNull();
  });
});
