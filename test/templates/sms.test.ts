import { describe, expect, it } from "vitest";
import { countSms } from "../../src/templates/sms.ts";
import { compileTemplateSource } from "../../src/templates/compile.ts";
import { TemplateInputSchema, TemplateValidationError } from "../../src/templates/schema.ts";

// GSM 03.38: 160 septets in one segment, 153 per part when concatenated; UCS-2 70 / 67 units.
describe("when counting SMS segments", () => {
  it("should fit 160 GSM-7 characters in one segment and split 161 into two", () => {
    expect(countSms("a".repeat(160))).toEqual({ encoding: "GSM-7", segments: 1, characters: 160 });
    expect(countSms("a".repeat(161))).toEqual({ encoding: "GSM-7", segments: 2, characters: 161 });
    expect(countSms("a".repeat(306)).segments).toBe(2);
    expect(countSms("a".repeat(307)).segments).toBe(3);
  });

  it("should switch to UCS-2 for an emoji: 70 units in one segment, 71 in two", () => {
    // The emoji is a surrogate pair: two UTF-16 units.
    expect(countSms(`${"a".repeat(68)}😀`)).toEqual({ encoding: "UCS-2", segments: 1, characters: 70 });
    expect(countSms(`${"a".repeat(69)}😀`)).toEqual({ encoding: "UCS-2", segments: 2, characters: 71 });
  });

  it("should count € and the other extension characters double", () => {
    expect(countSms("€".repeat(80))).toEqual({ encoding: "GSM-7", segments: 1, characters: 160 });
    expect(countSms("€".repeat(81))).toMatchObject({ encoding: "GSM-7", segments: 2, characters: 162 });
    expect(countSms(`${"a".repeat(159)}€`).segments).toBe(2);
    expect(countSms("{}[]~^|\\").characters).toBe(16);
  });

  it("should keep æøå ÆØÅ in GSM-7", () => {
    expect(countSms("æøåÆØÅ".repeat(26) + "ab")).toEqual({ encoding: "GSM-7", segments: 1, characters: 158 });
  });
});

describe("when an SMS template is long", () => {
  const save = (body: string) => compileTemplateSource(TemplateInputSchema.parse({ name: "S", purpose: "service", sms: { nb: { body } } }));

  it("should warn above 3 segments, judged with long member names", async () => {
    // 430 characters of text: 3 segments for "Ola", 4 for the longest plausible names.
    const { warnings } = await save(`{{member.fullName}} ${"x".repeat(430)}`);
    expect(warnings).toEqual([
      expect.objectContaining({ channel: "sms", language: "nb", message: expect.stringContaining("up to 4 segments") }),
      expect.objectContaining({ channel: "sms", language: "nb", message: expect.stringMatching(/UCS-2.*\d+ segments/) }),
    ]);
  });

  it("should refuse more than 10 segments", async () => {
    const error = await save(`Hei {{member.fullName}} ${"x".repeat(1500)}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateValidationError);
    expect((error as TemplateValidationError).problems[0]?.message).toMatch(/11 segments.*limit is 10/);
  });
});
