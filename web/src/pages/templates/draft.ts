// The editor's working copy of a template: every text as a string (so inputs stay controlled),
// nn/en variants as null until the author writes one (the server then falls back to nb), and a
// channel as null when the template does not use it. `toInput` gives the API's input format.
import type { z } from "zod";
import type {
  LanguageSchema, TemplateDetailSchema, TemplateInputBody, TemplatePreviewSchema, TemplateSummarySchema,
} from "../../../../src/contracts/templates.ts";

export type TemplateInput = z.input<typeof TemplateInputBody>;
export type TemplateDetail = z.infer<typeof TemplateDetailSchema>;
export type TemplateSummary = z.infer<typeof TemplateSummarySchema>;
export type TemplatePreview = z.infer<typeof TemplatePreviewSchema>;
export type TemplateLanguage = z.infer<typeof LanguageSchema>;
export type Purpose = TemplateSummary["purpose"];
export type Channel = TemplateSummary["channels"][number];

export const LANGUAGES: readonly TemplateLanguage[] = ["nb", "nn", "en"];
export const CHANNELS: readonly Channel[] = ["email", "sms", "letter"];

export interface EmailFields {
  subject: string;
  mjml: string;
  text: string;
}
export interface BodyFields {
  body: string;
}
export interface Variants<T> {
  nb: T;
  nn: T | null;
  en: T | null;
}

export interface Draft {
  name: string;
  purpose: Purpose | null;
  /** JSON text of `sampleData`, parsed on save. */
  sampleData: string;
  email: Variants<EmailFields> | null;
  sms: Variants<BodyFields> | null;
  letter: (Variants<BodyFields> & { returnLine: string; place: string }) | null;
}

export const STARTER_MJML = `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        <mj-text>Hei {{member.firstName}},</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

export const emptyEmail = (): EmailFields => ({ subject: "", mjml: STARTER_MJML, text: "" });
export const emptyBody = (): BodyFields => ({ body: "" });

export function newDraft(): Draft {
  return { name: "", purpose: null, sampleData: "{}", email: { nb: emptyEmail(), nn: null, en: null }, sms: null, letter: null };
}

function variantsFrom<T, V>(source: { nb: V; nn?: V | undefined; en?: V | undefined } | undefined, map: (v: V) => T): Variants<T> | null {
  if (!source) return null;
  return { nb: map(source.nb), nn: source.nn ? map(source.nn) : null, en: source.en ? map(source.en) : null };
}

/** The saved source (the template input as stored) as a draft. */
export function draftFrom(detail: TemplateDetail): Draft {
  const source = detail.source as Partial<TemplateInput>;
  const letter = variantsFrom(source.letter, (v: BodyFields) => ({ body: v.body }));
  return {
    name: detail.name,
    purpose: detail.purpose,
    sampleData: JSON.stringify(source.sampleData ?? {}, null, 2),
    email: variantsFrom(source.email, (v: { subject: string; mjml: string; text?: string | undefined }) => ({
      subject: v.subject, mjml: v.mjml, text: v.text ?? "",
    })),
    sms: variantsFrom(source.sms, (v: BodyFields) => ({ body: v.body })),
    letter: letter && source.letter ? { ...letter, returnLine: source.letter.returnLine, place: source.letter.place } : null,
  };
}

function variantsTo<T, V>(variants: Variants<T>, map: (v: T) => V): { nb: V; nn?: V; en?: V } {
  return {
    nb: map(variants.nb),
    ...(variants.nn ? { nn: map(variants.nn) } : {}),
    ...(variants.en ? { en: map(variants.en) } : {}),
  };
}

export class SampleDataError extends Error {}

/** The API input; throws SampleDataError when the sample data is not a JSON object. */
export function toInput(draft: Draft): TemplateInput {
  let sampleData: unknown;
  try {
    sampleData = JSON.parse(draft.sampleData.trim() || "{}");
  } catch {
    throw new SampleDataError("json");
  }
  if (sampleData === null || typeof sampleData !== "object" || Array.isArray(sampleData)) throw new SampleDataError("object");
  return {
    name: draft.name,
    // An empty purpose is sent as it is, so the server names the field.
    purpose: (draft.purpose ?? "") as Purpose,
    sampleData: sampleData as Record<string, unknown>,
    ...(draft.email ? { email: variantsTo(draft.email, (v) => ({ subject: v.subject, mjml: v.mjml, ...(v.text.trim() ? { text: v.text } : {}) })) } : {}),
    ...(draft.sms ? { sms: variantsTo(draft.sms, (v) => ({ body: v.body })) } : {}),
    ...(draft.letter
      ? { letter: { ...variantsTo(draft.letter, (v) => ({ body: v.body })), returnLine: draft.letter.returnLine, place: draft.letter.place } }
      : {}),
  };
}

/** Channels the draft uses, in the API's order. */
export function draftChannels(draft: Draft): Channel[] {
  return CHANNELS.filter((c) => draft[c] !== null);
}
