// The campaign's timeline: its audit entries (from GET /campaigns/:id/history) and the two
// moments the audit trail does not hold (the launch and the completion, done by the system),
// oldest first.
import type { Campaign, HistoryEntry } from "./types.ts";

export interface TimelineItem {
  at: string;
  action: string;
  actorName: string;
  details: Record<string, unknown>;
}

const detailsOf = (entry: HistoryEntry): Record<string, unknown> =>
  entry.details && typeof entry.details === "object" && !Array.isArray(entry.details) ? (entry.details as Record<string, unknown>) : {};

/** Reads of the delivery lists: audited, but not changes to the campaign. */
export const isRead = (action: string): boolean => action.startsWith("deliveries.") || action === "campaign.review";

export function timelineOf(campaign: Campaign, entries: HistoryEntry[], withReads: boolean): TimelineItem[] {
  const items: TimelineItem[] = entries
    .filter((e) => withReads || !isRead(e.action))
    .map((e) => ({ at: e.at, action: e.action, actorName: e.actorName, details: detailsOf(e) }));
  if (campaign.launchedAt) items.push({ at: campaign.launchedAt, action: "campaign.launched", actorName: "system", details: {} });
  if (campaign.completedAt) items.push({ at: campaign.completedAt, action: "campaign.completed", actorName: "system", details: {} });
  // A stable sort: entries of the same instant keep the audit trail's order.
  return items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The name of whoever last did `action` as `actorId` (e.g. the approver), if the history says. */
export function nameOf(entries: HistoryEntry[], action: string, actorId: number | null): string | null {
  if (actorId === null) return null;
  const found = entries.findLast((e) => e.action === action && e.actorId === actorId);
  return found?.actorName ?? null;
}
