// The letters screens' API types (from the contracts, types only), query keys and requests.
// Every key starts with "letters", so one invalidation after a handover refreshes every list.
import { queryOptions } from "@tanstack/react-query";
import type { PrintBatchView, ReturnedResultView } from "../../../../src/contracts/letters.ts";
import { api, apiUrl } from "../../api/client.ts";

export type PrintBatch = PrintBatchView;
export type ReturnedResult = ReturnedResultView;
export type BatchFile = "zip" | "pdf" | "manifest";

export const lettersKeys = {
  all: ["letters"] as const,
  batches: (campaignId: number | null) => ["letters", "batches", campaignId] as const,
};

/** Print batches, newest first; of one campaign when `campaignId` is given. */
export function printBatchesQuery(campaignId: number | null) {
  return queryOptions({
    queryKey: lettersKeys.batches(campaignId),
    queryFn: ({ signal }) => api<{ items: PrintBatch[] }>("/letters/batches", { query: { campaignId: campaignId ?? undefined }, signal }),
  });
}

/** A plain link downloads with the session cookie; the server audits it. */
export function downloadUrl(batchId: number, file: BatchFile): string {
  return apiUrl(`/letters/batches/${batchId}/download`, { file });
}

export function markHandedOver(batchId: number, on: string): Promise<PrintBatch> {
  return api<PrintBatch>(`/letters/batches/${batchId}/handed-over`, { method: "POST", body: { on } });
}

export function recordReturned(memberNumbers: string[]): Promise<ReturnedResult> {
  return api<ReturnedResult>("/letters/returned", { method: "POST", body: { memberNumbers } });
}

const osloDay = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Oslo", year: "numeric", month: "2-digit", day: "2-digit" });

/** Today's calendar date in Oslo (YYYY-MM-DD), whatever the browser's own zone. */
export function osloToday(now: Date = new Date()): string {
  return osloDay.format(now);
}

/** "5 400,50 kr": postage in NOK for the language's locale (nb-NO: no-break spaces, decimal comma). */
export function formatNok(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: "currency", currency: "NOK", minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** Member numbers typed or pasted one per line (or a column pasted from a spreadsheet), each once. */
export function parseMemberNumbers(text: string): string[] {
  return [...new Set(text.split(/[\r\n,;\t]+/).map((s) => s.trim()).filter(Boolean))];
}

const USER = /^user:(\d+)$/;

/** Who marked a batch handed over ("user:7", "system:cli"): a staff name where the screen knows it. */
export function describeActor(label: string | null, names: ReadonlyMap<number, { name: string }>, someone: (id: number) => string): string | null {
  if (!label) return null;
  const match = USER.exec(label);
  if (!match) return label;
  const id = Number(match[1]);
  return names.get(id)?.name ?? someone(id);
}
