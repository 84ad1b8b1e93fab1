// A campaign's history: the audit entries about it, oldest first, with the names of the staff
// who acted. Readable by anyone who may read the campaign (unlike /audit, which is for admins).
import { z } from "zod";

export const CampaignHistoryEntrySchema = z
  .object({
    at: z.string().describe("ISO 8601 in UTC"),
    action: z.string().describe("`area.verb`, e.g. campaign.approve, deliveries.export"),
    actorId: z.number().int().nullable().describe("The staff user; null for the system (launcher, workers, CLI operator)"),
    actorName: z.string().describe("The staff user's name, or \"system\""),
    details: z.unknown().describe("What changed: states, counts, reasons (never personal data)"),
  })
  .meta({ id: "CampaignHistoryEntry" });
export type CampaignHistoryEntry = z.infer<typeof CampaignHistoryEntrySchema>;

export const CampaignHistorySchema = z
  .object({
    items: z.array(CampaignHistoryEntrySchema),
    truncated: z.boolean().describe("True when only the newest entries are listed (a campaign whose deliveries were read very often)"),
  })
  .meta({ id: "CampaignHistory" });
export type CampaignHistory = z.infer<typeof CampaignHistorySchema>;
