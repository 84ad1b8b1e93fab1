// The overview's reads: campaign lists by state and campaign statuses, under the same query
// keys as the campaign screens, so sections share them and one invalidation refreshes all.
import { useQueries, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { campaignKeys, type Campaign, type CampaignList, type CampaignState, type CampaignStatus } from "../campaigns/page/types.ts";

const fetchList = (state: CampaignState, limit: number, signal: AbortSignal) =>
  api<CampaignList>("/campaigns", { query: { state, limit }, signal });

/** The newest `limit` campaigns in each state, together, newest first. */
export function useCampaignsIn(states: readonly CampaignState[], limit: number, enabled = true) {
  const results = useQueries({
    queries: states.map((state) => ({
      queryKey: campaignKeys.list(state, null, limit),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchList(state, limit, signal),
      enabled,
    })),
  });
  const items: Campaign[] = results.flatMap((r) => r.data?.items ?? []).sort((a, b) => b.id - a.id);
  return { items, isPending: enabled && results.some((r) => r.isPending), error: results.find((r) => r.error)?.error ?? null };
}

export function useStatus(id: number, options: { enabled?: boolean; refetchInterval?: number | false } = {}) {
  return useQuery({
    queryKey: campaignKeys.status(id),
    queryFn: ({ signal }) => api<CampaignStatus>(`/campaigns/${id}/status`, { signal }),
    enabled: options.enabled ?? true,
    refetchInterval: options.refetchInterval ?? false,
  });
}

export function useStatuses(ids: number[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: campaignKeys.status(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => api<CampaignStatus>(`/campaigns/${id}/status`, { signal }),
    })),
  });
}

/** The most recently completed campaigns (the API lists by id; completion order is sorted here). */
export function useRecentlyCompleted(count: number) {
  const list = useCampaignsIn(["completed"], 20);
  const items = [...list.items].sort((a, b) => Date.parse(b.completedAt ?? b.updatedAt) - Date.parse(a.completedAt ?? a.updatedAt)).slice(0, count);
  return { ...list, items };
}
