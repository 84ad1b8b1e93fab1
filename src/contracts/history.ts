// GDPR art. 15 self-service: what was sent to a member, why, and what the member had chosen at
// the time. The member's own history page, its CSV/JSON download and the staff member page show
// the same entries (src/history/).
import { z } from "zod";

export const LAWFUL_BASES = ["membership", "legitimate_interest", "consent"] as const;
export type LawfulBasis = (typeof LAWFUL_BASES)[number];

export const HistoryEntrySchema = z
  .object({
    deliveryId: z.string(),
    at: z.iso.datetime().describe("When the message left us (sent_at; for letters the print batch), ISO 8601 UTC"),
    campaignId: z.number().int(),
    campaignName: z.string(),
    channel: z.enum(["email", "sms", "letter"]),
    purpose: z.string().describe("The campaign's purpose (service, bargaining, information, campaign, survey, course, newsletter)"),
    status: z.string().describe("sent, delivered or bounced"),
    why: z.object({
      audience: z.enum(["segment", "rules", "list", "newsletter"]).describe("How the campaign chose its recipients"),
      segmentName: z.string().nullable(),
      newsletterName: z.string().nullable(),
      lawfulBasis: z.enum(LAWFUL_BASES),
      /** The legal reference, e.g. "GDPR art. 6(1)(f) and 9(2)(d)". */
      legalReference: z.string(),
    }),
    consent: z
      .object({
        choice: z.enum(["not_applicable", "no_choice", "opted_in", "opted_out", "objected"]).describe("The member's choice for this purpose and channel at the time of sending"),
        since: z.iso.datetime().nullable(),
        source: z.string().nullable(),
      })
      .describe("The ledger as it stood when the message was sent"),
  })
  .meta({ id: "HistoryEntry" });
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const MemberHistorySchema = z
  .object({
    memberNumber: z.string(),
    /** Deliveries older than this are reduced to counts (RETENTION_DELIVERIES_DAYS) and are not listed. */
    retentionDays: z.number().int(),
    generatedAt: z.iso.datetime(),
    entries: z.array(HistoryEntrySchema).describe("Newest first"),
  })
  .meta({ id: "MemberHistory" });
export type MemberHistory = z.infer<typeof MemberHistorySchema>;
