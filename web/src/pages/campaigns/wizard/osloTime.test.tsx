import { describe, expect, it } from "vitest";
import { isoToOsloWall, osloToday, osloWallToIso } from "./osloTime.ts";

describe("Oslo wall time", () => {
  it("gives the offset of the date itself, not the browser's: CET in winter, CEST in summer", () => {
    expect(osloWallToIso("2026-12-02 09:00:00")).toBe("2026-12-02T09:00:00+01:00");
    expect(osloWallToIso("2026-06-15 21:30:00")).toBe("2026-06-15T21:30:00+02:00");
    expect(osloWallToIso("2026-03-29 03:00")).toBe("2026-03-29T03:00:00+02:00");
    expect(osloWallToIso("2026-10-25 03:00")).toBe("2026-10-25T03:00:00+01:00");
    expect(osloWallToIso("2026-10-24 23:59")).toBe("2026-10-24T23:59:00+02:00");
  });

  it("reads an instant back as Oslo wall time, and today's Oslo date", () => {
    expect(isoToOsloWall("2026-12-02T08:00:00.000Z")).toBe("2026-12-02 09:00:00");
    expect(isoToOsloWall("2026-06-15T19:30:00Z")).toBe("2026-06-15 21:30:00");
    expect(osloToday(new Date("2026-12-31T23:30:00Z"))).toBe("2027-01-01");
    for (const wall of ["2026-01-10 07:15:00", "2026-07-04 12:00:00", "2026-10-25 01:30:00"]) {
      expect(isoToOsloWall(osloWallToIso(wall))).toBe(wall);
    }
  });
});
