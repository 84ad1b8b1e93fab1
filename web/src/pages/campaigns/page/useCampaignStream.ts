// A running campaign's progress from the event stream; when the stream ends (the campaign
// completed, was cancelled or stopped), the campaign queries are refreshed so the screens show
// the new state.
import { useQueryClient } from "@tanstack/react-query";
import { useEventStream, type EventStreamState } from "../../../api/events.ts";
import { campaignKeys, type CampaignStatus } from "./types.ts";

export function useCampaignStream(id: number | null): EventStreamState<CampaignStatus> {
  const queryClient = useQueryClient();
  return useEventStream<CampaignStatus>(id === null ? null : `/campaigns/${id}/events`, () => {
    // Not the delivery lists: each fetch of one is an audited read, made only when the user asks.
    void queryClient.invalidateQueries({ queryKey: campaignKeys.all, predicate: (query) => query.queryKey[2] !== "deliveries" });
  });
}
