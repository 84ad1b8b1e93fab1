// MJML → HTML once per template version, keeping Handlebars expressions intact.
// Every `{{…}}` is swapped for an inert alphanumeric placeholder before MJML sees the
// document and swapped back afterwards, so MJML can neither escape nor mangle it (quotes
// inside an href, `{{#if}}` between tags) and we can tell when MJML dropped one.
import type mjml2htmlType from "mjml";
import type { TemplateProblem } from "./schema.ts";

// MJML is needed only when a template version is saved, never by the workers, which render
// stored artefacts: loading it on first use keeps it (about a tenth of a worker's start-up
// time and memory) out of every process that does not save templates.
let mjml: Promise<typeof mjml2htmlType> | undefined;
const loadMjml = () => (mjml ??= import("mjml").then((m) => m.default));

/** Mustaches, longest form first: comments (may contain `}}`), triple-stash, normal. */
const MUSTACHE = /\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;

interface Protected {
  text: string;
  originals: string[];
  positions: Array<{ line: number; column: number }>;
  placeholder: (i: number) => string;
  pattern: RegExp;
}

function protect(source: string): Protected {
  // A tag no real text contains; digits keep each placeholder distinct.
  const tag = `hbsq${Math.random().toString(36).slice(2, 8)}`;
  const placeholder = (i: number) => `${tag}x${i}x`;
  const originals: string[] = [];
  const positions: Array<{ line: number; column: number }> = [];
  const text = source.replace(MUSTACHE, (match, offset: number) => {
    originals.push(match);
    positions.push(lineColumn(source, offset));
    return placeholder(originals.length - 1);
  });
  return { text, originals, positions, placeholder, pattern: new RegExp(`${tag}x(\\d+)x`, "g") };
}

function restore(p: Protected, html: string): string {
  return html.replace(p.pattern, (_, i: string) => p.originals[Number(i)] ?? "");
}

export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = source.indexOf("\n"); i !== -1 && i < offset; i = source.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export interface MjmlResult {
  /** HTML with the original Handlebars expressions, ready for Handlebars.compile. */
  html: string;
  /** Derived plain-text Handlebars source (expressions intact). */
  text: string;
  problems: TemplateProblem[];
}

/**
 * Compiles an MJML document. `footer` (an MJML section) is inserted before `</mj-body>`; it is
 * added after the author's lines so reported line numbers stay the author's.
 */
export async function compileMjml(
  source: string,
  where: Pick<TemplateProblem, "channel" | "language" | "field">,
  footer = "",
): Promise<MjmlResult> {
  const problems: TemplateProblem[] = [];
  const include = /<mj-include\b/i.exec(source);
  if (include) {
    // Includes read files from disk; templates must not.
    problems.push({ ...where, ...lineColumn(source, include.index), message: "<mj-include> is not allowed: templates cannot read files" });
    return { html: "", text: "", problems };
  }
  let withFooter = source;
  if (footer) {
    const end = source.lastIndexOf("</mj-body>");
    if (end === -1) {
      problems.push({ ...where, line: 1, message: "MJML document has no </mj-body>" });
      return { html: "", text: "", problems };
    }
    withFooter = `${source.slice(0, end)}${footer}${source.slice(end)}`;
  }
  const p = protect(withFooter);
  const mjml2html = await loadMjml();
  let result: Awaited<ReturnType<typeof mjml2htmlType>>;
  try {
    result = await mjml2html(p.text, {
      validationLevel: "soft",
      ignoreIncludes: true,
      keepComments: false,
      useMjmlConfigOptions: false,
    });
  } catch (error) {
    problems.push({ ...where, line: 1, message: `MJML could not be parsed: ${(error as Error).message}` });
    return { html: "", text: "", problems };
  }
  for (const e of result.errors) {
    problems.push({ ...where, line: e.line, message: `MJML: ${restore(p, e.message).trim()}${e.tagName ? ` (${e.tagName})` : ""}` });
  }
  const seen = new Set<number>();
  for (const m of result.html.matchAll(p.pattern)) seen.add(Number(m[1]));
  p.originals.forEach((original, i) => {
    if (!seen.has(i) && !original.startsWith("{{!")) {
      problems.push({
        ...where,
        ...p.positions[i]!,
        message: `MJML dropped ${original}: Handlebars expressions must sit inside text, attribute values or <mj-raw>, not between MJML elements`,
      });
    }
  });
  return { html: restore(p, result.html), text: restore(p, htmlToText(result.html)), problems };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** A readable plain-text version of MJML output: links become "label (url)", blocks become lines. */
export function htmlToText(html: string): string {
  let s = html
    .replace(/<head[\s\S]*?<\/head>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, "")
    .replace(/<a\b[^>]*?href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, label: string) => {
      const text = label.replace(/<[^>]+>/g, "").trim();
      return !text || text === href ? href : `${text} (${href})`;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/(p|div|h[1-6]|tr|table|ul|ol)>/gi, "\n")
    .replace(/<[^>]+>/g, "");
  s = s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
  return s
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
