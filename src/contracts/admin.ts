// Suppressions and newsletters: the administrative lists of the consent area.
import { z } from "zod";
import { SUPPRESSION_REASONS } from "../consent/suppressions.ts";
import { PageQuery } from "./common.ts";

/** Channels whose addresses can be suppressed (postal addresses are marked invalid instead). */
export const SuppressibleChannel = z.enum(["email", "sms"]);

export const SuppressionSchema = z
  .object({
    id: z.string().describe("Suppression id (a 64-bit integer as a string)"),
    channel: z.string(),
    reason: z.enum(SUPPRESSION_REASONS),
    source: z.string().nullable().describe("Where it came from, e.g. smtp:5.1.1, twilio:21610, staff:7"),
    at: z.string(),
    lifted: z.boolean(),
    liftedAt: z.string().nullable(),
    liftReason: z.string().nullable(),
  })
  .describe("A suppressed address. The address itself is stored only as a keyed hash and never shown.")
  .meta({ id: "Suppression" });

export const SuppressionQuery = PageQuery.extend({
  channel: SuppressibleChannel.optional(),
  active: z.stringbool().optional().describe("true: only active suppressions; false: only lifted ones"),
  address: z.string().trim().min(1).max(320).optional().describe("Only suppressions of this address (matched by its hash)"),
});

/** The same filters in a body (POST /suppressions/search), so an address never travels in a URL. */
export const SuppressionSearchBody = SuppressionQuery.extend({ active: z.boolean().optional().describe("true: only active suppressions; false: only lifted ones") });

export const AddSuppressionBody = z.object({
  channel: SuppressibleChannel,
  address: z.string().trim().min(1).max(320).describe("Email address, or phone number (E.164 or Norwegian)"),
  reason: z.enum(SUPPRESSION_REASONS).default("manual"),
  note: z.string().trim().min(1).max(200).optional().describe("Why, for other staff (kept with the suppression's source): no contact details"),
});

export const AddedSuppression = z.object({ suppression: SuppressionSchema, created: z.boolean().describe("False when the address was suppressed already") });

export const SuppressionIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/, "must be a suppression id") });

/** Optional: the reason may come in the query instead (DELETE bodies are dropped by some clients). */
export const LiftSuppressionBody = z.object({ reason: z.string().trim().min(1).max(200).optional() }).nullish();
export const LiftSuppressionQuery = z.object({ reason: z.string().trim().min(1).max(200).optional() });

export const NewsletterSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be 1-40 lowercase letters, digits or '-', starting with a letter or digit");

export const NewsletterSchema = z
  .object({ id: z.number().int(), slug: z.string(), name: z.string(), createdAt: z.string() })
  .meta({ id: "Newsletter" });

export const CreateNewsletterBody = z.object({ slug: NewsletterSlug, name: z.string().trim().min(1).max(200) });
export const UpdateNewsletterBody = z.object({ name: z.string().trim().min(1).max(200) });
export const NewsletterList = z.object({ items: z.array(NewsletterSchema) });
