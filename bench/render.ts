// Render throughput on one core: the fixture 3-section MJML newsletter per member (render
// only, after compile), SMS, and letters into one print batch. No database needed.
import { readFileSync } from "node:fs";
import { ManualClock } from "../src/clock.ts";
import { compileTemplateSource } from "../src/templates/compile.ts";
import { CompiledTemplate } from "../src/templates/compiled.ts";
import { sampleContext, type RenderContext } from "../src/templates/context.ts";
import { LANGUAGES, TemplateInputSchema } from "../src/templates/schema.ts";
import { median } from "./support.ts";

const source = TemplateInputSchema.parse(
  JSON.parse(readFileSync(new URL("../test/templates/fixtures/newsletter.json", import.meta.url), "utf8")),
);
const compileStart = performance.now();
const template = new CompiledTemplate((await compileTemplateSource(source)).artefacts);
const compileMs = performance.now() - compileStart;

const contexts: RenderContext[] = Array.from({ length: 1000 }, (_, i) => {
  const ctx = sampleContext({ language: LANGUAGES[i % 3]!, campaignName: source.name, data: source.sampleData, publicUrl: "https://budstikke.example.no" });
  ctx.member = { ...ctx.member, firstName: `Medlem ${i}`, fullName: `Medlem ${i} Nordmann` };
  ctx.links = { unsubscribeUrl: `https://budstikke.example.no/u/tok${i}`, preferencesUrl: `https://budstikke.example.no/preferences/tok${i}` };
  ctx.address = { name: `Medlem ${i} Nordmann`, lines: [`Storgata ${i}`, "0155 OSLO"] };
  return ctx;
});

function rate(label: string, fn: (i: number) => unknown, seconds = 1.5): number {
  const runs: number[] = [];
  for (let round = 0; round < 3; round++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < (seconds * 1000) / 3) {
      for (let k = 0; k < 100; k++, n++) fn(n);
    }
    runs.push((n / (performance.now() - start)) * 1000);
  }
  const result = median(runs);
  console.log(`${label}: ${Math.round(result).toLocaleString("en")} /s (median of 3)`);
  return result;
}

console.log(`compile (MJML + Handlebars, 3 languages × 3 channels, once per version): ${compileMs.toFixed(0)} ms`);
const html = template.renderEmail(contexts[0]!).html.length;
const emailRate = rate(`email renders (subject + ${Math.round(html / 1024)} KB HTML + text)`, (i) => template.renderEmail(contexts[i % 1000]!).subject);
rate("sms renders (with segment count)", (i) => template.renderSms(contexts[i % 1000]!).segments);

const clock = new ManualClock(new Date("2026-11-26T09:00:00Z"));
const items = contexts.slice(0, 500).map((context, i) => ({ memberNumber: String(100000 + i), context }));
await template.buildPrintBatch(items.slice(0, 10), { clock }); // warm up fonts and JIT
const letterRuns: number[] = [];
let pages = 0;
let size = 0;
for (let round = 0; round < 3; round++) {
  const start = performance.now();
  const batch = await template.buildPrintBatch(items, { clock });
  letterRuns.push((batch.pages / (performance.now() - start)) * 1000);
  pages = batch.pages;
  size = batch.pdf.length;
}
const pageRate = median(letterRuns);
console.log(`letters: ${items.length} letters, ${pages} pages, ${(size / 1024 / 1024).toFixed(1)} MB → ${Math.round(pageRate)} pages/s (median of 3)`);

const ok = emailRate >= 5000 && pageRate >= 50;
console.log(ok ? "targets met (≥ 5,000 email renders/s, ≥ 50 letter pages/s)" : "TARGETS MISSED");
process.exitCode = ok ? 0 : 1;
