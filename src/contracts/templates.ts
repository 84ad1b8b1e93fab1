// Templates: the input format (the same JSON `budstikke template save --file` reads), saved
// versions, previews and test sends.
import { z } from "zod";
import { CHANNELS } from "../channels/names.ts";
import { PURPOSES } from "../consent/purposes.ts";
import { LANGUAGES, TemplateInputSchema } from "../templates/schema.ts";

export const LanguageSchema = z.enum(LANGUAGES);

/** The template file format; give `id` (or use PUT /templates/:id) to save a new version. */
export const TemplateInputBody = TemplateInputSchema.meta({ id: "TemplateSource" });

export const TemplateWarningSchema = z.object({ channel: z.enum(CHANNELS), language: LanguageSchema, message: z.string() });

export const TemplateSummarySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    purpose: z.enum(PURPOSES),
    latestVersion: z.number().int(),
    latestVersionId: z.number().int().nullable(),
    channels: z.array(z.enum(CHANNELS)),
    updatedAt: z.string(),
  })
  .meta({ id: "TemplateSummary" });

export const TemplateDetailSchema = z
  .object({
    templateId: z.number().int(),
    templateVersionId: z.number().int(),
    version: z.number().int(),
    name: z.string(),
    purpose: z.enum(PURPOSES),
    source: z.record(z.string(), z.unknown()).describe("The template input as saved (see TemplateInput), without id"),
    warnings: z.array(TemplateWarningSchema),
    createdAt: z.string(),
    versions: z.array(z.object({ version: z.number().int(), templateVersionId: z.number().int(), createdAt: z.string() })),
  })
  .meta({ id: "TemplateVersion" });

export const SavedTemplateSchema = z
  .object({
    templateId: z.number().int(),
    version: z.number().int(),
    templateVersionId: z.number().int(),
    warnings: z.array(TemplateWarningSchema),
  })
  .meta({ id: "SavedTemplate" });

export const TemplateVersionQuery = z.object({ version: z.coerce.number().int().positive().max(1_000_000).optional() });

export const PreviewBody = z
  .object({
    channel: z.enum(CHANNELS),
    memberNumber: z.string().trim().min(1).max(50).optional().describe("Render for this member (their data, in their language)"),
    sample: z.literal(true).optional().describe("Render for the built-in sample member instead"),
    language: LanguageSchema.optional().describe("Overrides the member's language"),
    version: z.number().int().positive().optional().describe("Default: the latest version"),
  })
  .superRefine((body, ctx) => {
    if ((body.memberNumber === undefined) === (body.sample === undefined)) {
      ctx.addIssue({ code: "custom", path: ["memberNumber"], message: "give exactly one of memberNumber or sample: true" });
    }
  });

const PreviewCommon = {
  templateVersionId: z.number().int(),
  /** Null for the sample member. */
  memberNumber: z.string().nullable(),
};

export const TemplatePreviewSchema = z
  .discriminatedUnion("channel", [
    z.object({ channel: z.literal("email"), ...PreviewCommon, subject: z.string(), html: z.string(), text: z.string() }),
    z.object({
      channel: z.literal("sms"),
      ...PreviewCommon,
      body: z.string(),
      segments: z.number().int(),
      encoding: z.enum(["GSM-7", "UCS-2"]).describe("The character set the message needs: GSM-7, or UCS-2 (70/67 per segment)"),
      characters: z.number().int().describe("Billable length: septets for GSM-7, UTF-16 units for UCS-2"),
    }),
    z.object({
      channel: z.literal("letter"),
      ...PreviewCommon,
      contentType: z.literal("application/pdf"),
      pdfBase64: z.string(),
      bytes: z.number().int(),
    }),
  ])
  .meta({ id: "TemplatePreview" });

export const TestSendBody = z.strictObject(
  {
    channel: z.literal("email").describe("Test sends are email only"),
    language: LanguageSchema.optional(),
    version: z.number().int().positive().optional().describe("Default: the latest version"),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.join(", ")}: a test send goes only to your own address, which cannot be chosen`
        : undefined,
  },
);

export const TestSendQueued = z
  .object({ queued: z.literal(true), to: z.string().describe("Your own address, where the test goes") })
  .meta({ id: "TestSendQueued" });
