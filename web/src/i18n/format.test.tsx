import { describe, expect, it } from "vitest";
import { formatterFor } from "./format.ts";

describe("formatterFor", () => {
  it("shows instants in Europe/Oslo with the zone named, whatever the browser's zone", () => {
    const nb = formatterFor("nb-NO");
    expect(nb.dateTime("2026-12-02T14:00:00Z")).toBe("2. des. 2026, 15:00 CET");
    expect(nb.dateTime("2026-07-02T14:00:00Z")).toBe("2. juli 2026, 16:00 CEST");
    expect(nb.date("2026-03-01")).toBe("1. mars 2026");
  });
  it("formats numbers for nb-NO", () => {
    expect(formatterFor("nb-NO").number(12418).replace(/\s/g, " ")).toBe("12 418");
  });
  it("should give small rates two decimals, with a comma in Norwegian", () => {
    expect(formatterFor("nb-NO").finePercent(0.006).replace(/\s/g, " ")).toBe("0,60 %");
    expect(formatterFor("en-GB").finePercent(0.0004)).toBe("0.04%");
  });
});
