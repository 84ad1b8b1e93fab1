// The template file format (what `budstikke template save --file` reads) and the one error
// type saving can raise. The zod schema is the type: the CLI, the API and the store share it.
import { DomainError } from "../errors.ts";
import { z } from "zod";
import { PURPOSES, type ChannelName } from "../consent/purposes.ts";

export const LANGUAGES = ["nb", "nn", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const text = (max: number) => z.string().max(max);

const EmailVariant = z.strictObject({
  /** Handlebars; rendered as plain text (never HTML). */
  subject: text(500).min(1),
  /** An MJML document with Handlebars expressions in text and attribute values. */
  mjml: text(500_000).min(1),
  /** Optional hand-written plain-text alternative (Handlebars). Derived from the HTML when absent. */
  text: text(200_000).optional(),
});

const SmsVariant = z.strictObject({ body: text(5_000).min(1) });
const LetterVariant = z.strictObject({
  /** Markdown-like Handlebars text: `# ` and `## ` headings, `- ` list items, blank line between paragraphs. */
  body: text(200_000).min(1),
});

/** nb is required; nn and en fall back to nb when absent. */
const variants = <T extends z.ZodType>(variant: T) =>
  z.strictObject({ nb: variant, nn: variant.optional(), en: variant.optional() });

export const TemplateInputSchema = z
  .strictObject({
    /** Give the id of an existing template to save a new version of it. */
    id: z.number().int().positive().optional(),
    name: z.string().trim().min(1).max(200),
    purpose: z.enum(PURPOSES),
    /** Values for `data.*` used by previews of the sample member and by the worst-case SMS check. */
    sampleData: z.record(z.string(), z.unknown()).default({}),
    email: variants(EmailVariant).optional(),
    sms: variants(SmsVariant).optional(),
    letter: variants(LetterVariant)
      .extend({
        /** The small sender line printed above the recipient inside the envelope window. */
        returnLine: z.string().trim().min(1).max(120),
        /** Place printed before the date, e.g. "Oslo". */
        place: z.string().trim().min(1).max(60),
      })
      .optional(),
  })
  .refine((t) => t.email || t.sms || t.letter, { message: "a template needs at least one of email, sms or letter" })
  .superRefine((t, ctx) => {
    for (const path of nulPaths(t)) ctx.addIssue({ code: "custom", path, message: "must not contain a NUL character (\\u0000)" });
  });

/** Where a string (or key) holds NUL, which PostgreSQL text and jsonb cannot store. */
function nulPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === "string") return value.includes("\u0000") ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulPaths(item, [...path, i]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => (key.includes("\u0000") ? [[...path, key]] : nulPaths(item, [...path, key])));
  }
  return [];
}

export type TemplateInput = z.input<typeof TemplateInputSchema>;
export type TemplateSource = z.output<typeof TemplateInputSchema>;
export type EmailVariant = z.output<typeof EmailVariant>;
export type SmsVariant = z.output<typeof SmsVariant>;
export type LetterVariant = z.output<typeof LetterVariant>;

/** One thing wrong with a template, pointing at the field and, where known, line and column (1-based). */
export interface TemplateProblem {
  channel: ChannelName | "template";
  language: Language | null;
  field: string;
  line?: number;
  column?: number;
  message: string;
}

export interface TemplateWarning {
  channel: ChannelName;
  language: Language;
  message: string;
}

export class TemplateValidationError extends DomainError {
  override name = "TemplateValidationError";
  readonly problems: TemplateProblem[];
  constructor(problems: TemplateProblem[]) {
    super(
      "invalid",
      `Template refused:\n${problems
        .map((p) => {
          const where = [p.channel, p.language, p.field].filter(Boolean).join(".");
          const at = p.line !== undefined ? ` line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ""}` : "";
          return `  - ${where}${at}: ${p.message}`;
        })
        .join("\n")}`,
      problems.map((p) => ({
        path: [p.channel, p.language, p.field].filter(Boolean).join("."),
        message: `${p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ""}: ` : ""}${p.message}`,
        ...(p.line !== undefined ? { line: p.line } : {}),
        ...(p.column !== undefined ? { column: p.column } : {}),
      })),
    );
    this.problems = problems;
  }
}

/** The variant for a language, falling back to nb. */
export function variantFor<T>(variants: { nb: T; nn?: T | undefined; en?: T | undefined }, language: Language): T {
  return variants[language] ?? variants.nb;
}
