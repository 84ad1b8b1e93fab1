// Shared builders for the template tests.
import { readFileSync } from "node:fs";
import { compileTemplateSource } from "../../src/templates/compile.ts";
import { CompiledTemplate } from "../../src/templates/compiled.ts";
import { sampleContext, type RenderContext } from "../../src/templates/context.ts";
import { TemplateInputSchema, type Language, type TemplateInput } from "../../src/templates/schema.ts";

export const newsletterFixture = (): TemplateInput =>
  JSON.parse(readFileSync(new URL("./fixtures/newsletter.json", import.meta.url), "utf8")) as TemplateInput;

export const mjmlDoc = (body: string) =>
  `<mjml>\n  <mj-body>\n    <mj-section>\n      <mj-column>\n${body}\n      </mj-column>\n    </mj-section>\n  </mj-body>\n</mjml>`;

export async function compile(input: TemplateInput): Promise<CompiledTemplate> {
  const { artefacts } = await compileTemplateSource(TemplateInputSchema.parse(input));
  return new CompiledTemplate(artefacts);
}

export function contextFor(language: Language, over: Partial<RenderContext["member"]> = {}): RenderContext {
  const ctx = sampleContext({ language, campaignName: "Vårkampanjen", data: {}, publicUrl: "https://b.example.no" });
  ctx.member = { ...ctx.member, ...over };
  return ctx;
}
