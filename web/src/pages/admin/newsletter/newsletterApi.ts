// Types and server state of the newsletter screens (type imports from the contracts only).
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type {
  IssueBody, NewsletterDetailList, NewsletterDetailSchema, NewsletterIssueList, NewsletterIssueSchema, SentIssue, SkippedSlotList, UpdateNewsletterBody,
} from "../../../../../src/contracts/newsletters.ts";
import { api } from "../../../api/client.ts";

export type NewsletterDetail = z.infer<typeof NewsletterDetailSchema>;
export type NewsletterDetails = z.infer<typeof NewsletterDetailList>;
export type NewsletterIssue = z.infer<typeof NewsletterIssueSchema>;
export type NewsletterIssues = z.infer<typeof NewsletterIssueList>;
export type NewsletterSettings = z.input<typeof UpdateNewsletterBody>;
export type IssueInput = z.input<typeof IssueBody>;
export type SentIssueResult = z.infer<typeof SentIssue>;
export type SkippedSlots = z.infer<typeof SkippedSlotList>;

export const newsletterKey = (id: number) => ["newsletters", id] as const;
export const issuesKey = (id: number) => ["newsletters", id, "issues"] as const;
export const SKIPPED_SLOTS_KEY = ["newsletters", "skipped-slots"] as const;

export function useNewsletter(id: number) {
  return useQuery({ queryKey: newsletterKey(id), queryFn: ({ signal }) => api<NewsletterDetail>(`/newsletters/${id}`, { signal }) });
}

export function useIssues(id: number) {
  return useQuery({ queryKey: issuesKey(id), queryFn: ({ signal }) => api<NewsletterIssues>(`/newsletters/${id}/issues`, { signal }) });
}

export function useSkippedSlots(enabled: boolean) {
  return useQuery({ queryKey: SKIPPED_SLOTS_KEY, queryFn: ({ signal }) => api<SkippedSlots>("/newsletters/skipped-slots", { signal }), enabled });
}
