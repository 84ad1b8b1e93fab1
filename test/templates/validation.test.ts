import { describe, expect, it } from "vitest";
import { compileTemplateSource } from "../../src/templates/compile.ts";
import { TemplateInputSchema, TemplateValidationError, type TemplateInput, type TemplateProblem } from "../../src/templates/schema.ts";
import { mjmlDoc, newsletterFixture } from "./support.ts";

async function problemsOf(input: TemplateInput): Promise<TemplateProblem[]> {
  try {
    await compileTemplateSource(TemplateInputSchema.parse(input));
  } catch (error) {
    if (error instanceof TemplateValidationError) return error.problems;
    throw error;
  }
  throw new Error("expected the template to be refused");
}

const email = (mjml: string, subject = "Hei {{member.firstName}}"): TemplateInput => ({
  name: "T", purpose: "information", email: { nb: { subject, mjml } },
});

describe("when a template has a typo in a variable name", () => {
  it("should refuse it with line, column and a suggestion", async () => {
    const problems = await problemsOf(email(mjmlDoc('        <mj-text>Hei\n          {{member.firstname}}</mj-text>')));
    expect(problems).toEqual([
      expect.objectContaining({ channel: "email", language: "nb", field: "mjml", line: 6, column: "          {{".length + 1, message: expect.stringMatching(/unknown variable "member.firstname".*did you mean "member.firstName"/) }),
    ]);
  });

  it("should refuse an unknown top-level object in the subject and in SMS", async () => {
    const problems = await problemsOf({
      name: "T", purpose: "service",
      email: { nb: { subject: "Hei {{medlem.navn}}", mjml: mjmlDoc("<mj-text>x</mj-text>") } },
      sms: { nb: { body: "Hei\n{{#each data.rows}}{{name}} {{../member.fistName}}{{/each}}" } },
    });
    expect(problems.map((p) => [p.channel, p.field, p.line, p.message.slice(0, 40)])).toEqual([
      ["email", "subject", 1, 'unknown variable "medlem.navn" (variable'],
      ["sms", "body", 2, expect.stringContaining('unknown variable "member.fistName"')],
    ]);
  });
});

describe("when a template uses a wrong helper", () => {
  it("should refuse unknown helpers, block helpers and partials with their positions", async () => {
    const line5 = "        <mj-text>{{formatMony data.x}}</mj-text>";
    const line6 = '        <mj-text>{{#repeat 3}}x{{/repeat}} {{> footer}} {{lookup member "firstName"}}</mj-text>';
    const problems = await problemsOf(email(mjmlDoc(`${line5}\n${line6}`)));
    const col = (line: string, needle: string) => line.indexOf(needle) + 1;
    expect(problems).toEqual([
      expect.objectContaining({ line: 5, column: col(line5, "formatMony"), message: expect.stringMatching(/unknown helper "formatMony".*did you mean "formatMoney"/) }),
      expect.objectContaining({ line: 6, column: col(line6, "repeat"), message: expect.stringContaining('unknown block helper "repeat"') }),
      expect.objectContaining({ line: 6, column: col(line6, "{{>"), message: expect.stringContaining("partials") }),
      expect.objectContaining({ line: 6, column: col(line6, "lookup"), message: expect.stringContaining('unknown helper "lookup"') }),
      expect.objectContaining({ line: 6, column: col(line6, "member"), message: expect.stringContaining('unknown variable "member"') }),
    ]);
  });

  it("should refuse unescaped output", async () => {
    const problems = await problemsOf(email(mjmlDoc("<mj-text>{{{member.firstName}}}</mj-text>")));
    expect(problems[0]?.message).toMatch(/unescaped output/);
  });
});

describe("when the Handlebars syntax is broken", () => {
  it("should report the line and column of the error", async () => {
    const problems = await problemsOf(email(mjmlDoc("<mj-text>\n{{#if data.x}}\nHei\n</mj-text>")));
    // The unclosed {{#if}} on line 6 is what Handlebars points at.
    expect(problems).toEqual([expect.objectContaining({ field: "mjml", line: 6, message: expect.stringMatching(/^Handlebars syntax error.*never closed/) })]);
    const unclosed = await problemsOf(email(mjmlDoc("<mj-text>x</mj-text>"), "Hei {{member.firstName"));
    expect(unclosed).toEqual([expect.objectContaining({ field: "subject", line: 1, column: expect.any(Number) })]);
  });
});

describe("when the MJML is broken", () => {
  it("should report MJML validation errors with their line", async () => {
    const problems = await problemsOf(email(mjmlDoc('        <mj-text>ok</mj-text>\n        <mj-txet>typo</mj-txet>\n        <mj-text color="notacolor">x</mj-text>')));
    expect(problems).toEqual([
      expect.objectContaining({ field: "mjml", line: 6, message: expect.stringContaining("mj-txet") }),
      expect.objectContaining({ field: "mjml", line: 7, message: expect.stringContaining("color") }),
    ]);
  });

  it("should refuse mj-include, which would read files", async () => {
    const problems = await problemsOf(email(mjmlDoc('<mj-include path="/etc/passwd" />')));
    expect(problems[0]).toMatchObject({ line: 5, message: expect.stringContaining("mj-include") });
  });

  it("should refuse a Handlebars expression MJML would drop", async () => {
    const problems = await problemsOf(email(mjmlDoc("{{#if data.vip}}<mj-text>VIP</mj-text>{{/if}}")));
    expect(problems[0]).toMatchObject({ line: 5, column: 1, message: expect.stringContaining("MJML dropped {{#if data.vip}}") });
  });
});

describe("when the file itself is malformed", () => {
  it("should refuse an unknown purpose and a missing nb variant", async () => {
    expect(TemplateInputSchema.safeParse({ name: "x", purpose: "spam", sms: { nb: { body: "x" } } }).success).toBe(false);
    expect(TemplateInputSchema.safeParse({ name: "x", purpose: "service", sms: { en: { body: "x" } } }).success).toBe(false);
    expect(TemplateInputSchema.safeParse({ name: "x", purpose: "service" }).success).toBe(false);
  });

  it("should refuse NUL characters (which the database cannot store) with their paths", () => {
    const result = TemplateInputSchema.safeParse({
      name: "x\u0000", purpose: "service", sampleData: { list: ["ok", "b\u0000d"] }, sms: { nb: { body: "Hei" } },
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["name", "sampleData.list.1"]);
    expect(result.error?.issues[0]?.message).toMatch(/NUL/);
  });
});

describe("when a valid template is saved", () => {
  it("should accept the fixture newsletter without warnings", async () => {
    const input = newsletterFixture();
    const { warnings, artefacts } = await compileTemplateSource(TemplateInputSchema.parse(input));
    expect(warnings).toEqual([]);
    expect(Object.keys(artefacts.email ?? {})).toEqual(["nb", "nn", "en"]);
  });
});
