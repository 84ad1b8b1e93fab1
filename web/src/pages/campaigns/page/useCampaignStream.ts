// A running campaign's progress from the event stream; when the stream ends (the campaign
// completed, was cancelled or stopped), every campaign query is refreshed so the screens show
// the new state.
import { useQueryClient } from "@tanstack/react-query";
import { useEventStream, type EventStreamState } from "../../../api/events.ts";
import { campaignKeys, type CampaignStatus } from "./types.ts";

export function useCampaignStream(id: number | null): EventStreamState<CampaignStatus> {
  const queryClient = useQueryClient();
  return useEventStream<CampaignStatus>(id === null ? null : `/campaigns/${id}/events`, () => {
    void queryClient.invalidateQueries({ queryKey: campaignKeys.all });
  });
}
