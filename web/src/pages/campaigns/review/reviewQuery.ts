// The dry run of a campaign (GET /campaigns/:id/review), shared by the review, its send actions
// and the approval actions: one query key, so the page reads (and the server audits) it once.
import { queryOptions } from "@tanstack/react-query";
import type { CampaignReview } from "../../../../../src/contracts/campaigns.ts";
import { api } from "../../../api/client.ts";

export type { CampaignReview };

export const reviewKey = (campaignId: number) => ["campaign-review", campaignId] as const;

export function reviewQuery(campaignId: number) {
  return queryOptions({
    queryKey: reviewKey(campaignId),
    queryFn: ({ signal }) => api<CampaignReview>(`/campaigns/${campaignId}/review`, { signal }),
    // Each read goes through the consent decision for every member and is audited: read it
    // when the screen opens, not on every re-render or focus.
    staleTime: 60_000,
  });
}

export type ReviewChannel = keyof CampaignReview["channels"];

/** The channels of a review that have counts, in a stable order. */
export function reviewChannels(review: CampaignReview): Array<{ channel: ReviewChannel; recipients: number; skipped: number; skippedByReason: Record<string, number> }> {
  return (["email", "sms", "letter"] as const).flatMap((channel) => {
    const counts = review.channels[channel];
    return counts ? [{ channel, ...counts }] : [];
  });
}
