// The campaign screens' API types (from the contracts, types only) and their query keys. Every
// key starts with "campaigns", so one invalidation after a change refreshes every campaign view.
import type { z } from "zod";
import type { CampaignHistory } from "../../../../../src/contracts/campaign-history.ts";
import type {
  CampaignPage as CampaignPageSchema, CampaignStatusSchema, CampaignView, DeliveryPageSchema, DeliverySchema,
} from "../../../../../src/contracts/campaigns.ts";

export type Campaign = CampaignView;
export type CampaignState = CampaignView["state"];
export type CampaignList = z.infer<typeof CampaignPageSchema>;
export type CampaignStatus = z.infer<typeof CampaignStatusSchema>;
export type ChannelCounts = CampaignStatus["channels"][string];
export type DeliveryList = z.infer<typeof DeliveryPageSchema>;
export type Delivery = z.infer<typeof DeliverySchema>;
export type DeliveryStatus = Delivery["status"];
export type { CampaignHistory };
export type HistoryEntry = CampaignHistory["items"][number];

/** While in these states a campaign has a live event stream (GET /campaigns/:id/events). */
export const RUNNING_STATES: readonly CampaignState[] = ["launching", "sending", "paused"];
export const isRunning = (state: string): boolean => (RUNNING_STATES as readonly string[]).includes(state);

/** States a campaign can be cancelled in (the API refuses the rest). */
export const CANCELLABLE_STATES: readonly CampaignState[] = [
  "draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled", "launching", "sending", "paused",
];
/** States with deliveries that can have failed and be retried. */
export const RETRYABLE_STATES: readonly CampaignState[] = ["sending", "paused", "completed"];

/** A list that compiles only while it holds every delivery status the contracts know. */
function everyStatus<const L extends readonly DeliveryStatus[]>(
  list: L & ([Exclude<DeliveryStatus, L[number]>] extends [never] ? unknown : { missing: Exclude<DeliveryStatus, L[number]> }),
): L {
  return list;
}

/** Every delivery status in the order the screens show them (bounced beside failed): the counts table and the filter. */
export const DELIVERY_STATUS_VALUES = everyStatus(["pending", "sending", "rendered", "sent", "delivered", "failed", "bounced", "skipped", "cancelled"]);

/** The per-reason counts of a channel: why deliveries were skipped, failed or bounced. */
export type ReasonKind = "skippedByReason" | "failedByReason" | "bouncedByReason";

export const campaignKeys = {
  all: ["campaigns"] as const,
  list: (state: string | null, cursor: string | null, limit: number) => ["campaigns", "list", state, cursor, limit] as const,
  one: (id: number) => ["campaigns", id] as const,
  status: (id: number) => ["campaigns", id, "status"] as const,
  history: (id: number) => ["campaigns", id, "history"] as const,
  deliveries: (id: number, filter: object) => ["campaigns", id, "deliveries", filter] as const,
};
