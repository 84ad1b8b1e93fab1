// Print batches of letters: what the API, the CLI and the admin UI show.
import { z } from "zod";

const Instant = z.string().describe("ISO 8601 in UTC");

export const PrintBatchSchema = z
  .object({
    id: z.number().int(),
    campaignId: z.number().int(),
    campaignName: z.string(),
    number: z.number().int().describe("1, 2, … within the campaign, in postcode order"),
    status: z.enum(["ready", "handed_over"]),
    letters: z.number().int(),
    pages: z.number().int(),
    sheets: z.number().int(),
    postage: z.number().describe("Estimated postage in NOK from the price table (LETTER_POSTAGE)"),
    belowBulkMinimum: z.boolean().describe("Fewer letters than bulk postage needs (LETTER_BULK_MINIMUM)"),
    createdAt: Instant,
    handedOverOn: z.string().nullable().describe("The date (YYYY-MM-DD) it was handed to the postal operator"),
    handedOverBy: z.string().nullable(),
    filesDeletedAt: Instant.nullable().describe("When retention removed the files; they can no longer be downloaded"),
  })
  .meta({ id: "PrintBatch" });
export type PrintBatchView = z.infer<typeof PrintBatchSchema>;

export const PrintBatchList = z.object({ items: z.array(PrintBatchSchema) });

export const PrintBatchQuery = z.object({
  campaignId: z.coerce.number().int().positive().optional(),
  status: z.enum(["ready", "handed_over"]).optional(),
});

export const DownloadQuery = z.object({
  file: z.enum(["zip", "pdf", "manifest"]).default("zip").describe("The zip (PDF and manifest), or one of them"),
});

export const HandedOverBody = z
  .object({ on: z.iso.date().describe("The date handed over (YYYY-MM-DD); default today in Europe/Oslo").optional() })
  .strict();

export const ReturnedBody = z
  .object({ memberNumbers: z.array(z.string().trim().min(1).max(40)).min(1).max(10_000) })
  .strict();

export const ReturnedResult = z.object({
  marked: z.array(z.string()).describe("Member numbers whose postal address is now marked invalid"),
  alreadyInvalid: z.array(z.string()),
  noAddress: z.array(z.string()).describe("Members with no postal address on file (nothing to mark)"),
  unknown: z.array(z.string()).describe("Member numbers that match no member"),
});
export type ReturnedResultView = z.infer<typeof ReturnedResult>;
