import { describe, expect, it } from "vitest";
import { checkDate, checkEmail, checkMobile, checkMunicipalityNumber, checkOrgNumber, checkPostcode } from "../../src/members/fields.ts";

describe("when checking field values", () => {
  it.each([
    ["2024-02-29", true], ["2023-02-29", false], ["2023-13-01", false], ["2023-1-01", false], ["1899-12-31", false], ["17.05.1980", false],
  ])("should accept only real YYYY-MM-DD dates (%s)", (value, ok) => {
    expect(checkDate(value).ok).toBe(ok);
  });

  it.each([
    ["kari@example.no", true], ["øystein@bærum.no", true], ["用户@例子.广告", true], ["kari@", false], ["kari example.no", false], ["@x.no", false],
  ])("should check email syntax with international addresses allowed (%s)", (value, ok) => {
    expect(checkEmail(value).ok).toBe(ok);
  });

  it.each([
    ["91234567", "+4791234567"], ["+47 412 34 567", "+4741234567"], ["004791234567", "+4791234567"], ["+46701234567", "+46701234567"],
  ])("should normalise mobiles to E.164 (%s)", (value, e164) => {
    expect(checkMobile(value)).toEqual({ ok: true, value: e164 });
  });

  it.each(["12", "22225555" /* Oslo landline */, "+4712", "abc"])("should reject %s as a mobile", (value) => {
    expect(checkMobile(value).ok).toBe(false);
  });

  it("should validate organisation numbers with the mod-11 check digit", () => {
    expect(checkOrgNumber("974760673").ok).toBe(true); // Brønnøysundregistrene
    expect(checkOrgNumber("974760674")).toEqual({ ok: false, error: "has a wrong check digit" });
    expect(checkOrgNumber("97476067").ok).toBe(false);
  });

  it("should require postcodes of 4 digits and municipality numbers starting with a 2024 county", () => {
    expect(checkPostcode("0150").ok).toBe(true);
    expect(checkPostcode("150").ok).toBe(false);
    expect(checkMunicipalityNumber("4601").ok).toBe(true);
    expect(checkMunicipalityNumber("1201")).toEqual({ ok: false, error: "does not start with a 2024 county number" });
  });
});
