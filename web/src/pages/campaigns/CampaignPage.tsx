// One campaign: what it is, who did what (its history), its progress (live while it sends,
// with a chart) and spam complaint rate, its counts per channel with the reasons for skips,
// failures and bounces, its deliveries, and the actions its state allows.
import { Grid, Stack, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useParams } from "react-router";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { CampaignActions } from "./page/CampaignActions.tsx";
import { CampaignDetails } from "./page/CampaignDetails.tsx";
import { ChannelCounts } from "./page/ChannelCounts.tsx";
import { ComplaintRate } from "./page/ComplaintRate.tsx";
import { DeliveriesSection } from "./page/DeliveriesSection.tsx";
import { LiveProgress, useProgressPoints } from "./page/LiveProgress.tsx";
import { Timeline } from "./page/Timeline.tsx";
import { UploadsPanel } from "./page/UploadsPanel.tsx"; // ── merge data and uploaded audiences ──
import { ChannelSplit } from "./page/channelMode.tsx"; // ── letters and channel fallback ──
import { PrintBatchesSection } from "./page/PrintBatchesSection.tsx"; // ── letters and channel fallback ──
import { campaignKeys, isRunning, type Campaign, type CampaignHistory, type CampaignStatus } from "./page/types.ts";
import { useCampaignStream } from "./page/useCampaignStream.ts";
import { Panel } from "../../components/Panel.tsx";

const texts = defineTexts({
  nb: {
    title: "Kampanje", notFound: "Fant ikke kampanjen.", about: "Om kampanjen", history: "Historikk",
    progress: "Fremdrift", result: "Resultat", channels: "Per kanal og status", deliveries: "Leveranser", uploads: "Flettedata og lister",
    printBatches: "Trykkbunker",
    notStarted: "Kampanjen er ikke sendt ennå.",
  },
  en: {
    title: "Campaign", notFound: "Campaign not found.", about: "About the campaign", history: "History",
    progress: "Progress", result: "Result", channels: "By channel and status", deliveries: "Deliveries", uploads: "Merge data and lists",
    printBatches: "Print batches",
    notStarted: "The campaign has not been sent yet.",
  },
});

/** A scheduled campaign this close to its send time is polled, so the page sees it start. */
const WATCH_BEFORE_START_MS = 2 * 60_000;

export default function CampaignPage() {
  const t = useTexts(texts);
  const id = Number(useParams().id);
  const valid = Number.isInteger(id) && id > 0;
  const campaign = useQuery({
    queryKey: campaignKeys.one(id),
    queryFn: ({ signal }) => api<Campaign>(`/campaigns/${id}`, { signal }),
    enabled: valid,
    refetchInterval: (query) => {
      const c = query.state.data;
      const soon = c?.state === "scheduled" && c.sendAt !== null && Date.parse(c.sendAt) - Date.now() < WATCH_BEFORE_START_MS;
      return soon ? 3000 : false;
    },
  });
  if (!valid) {
    return (
      <>
        <PageHeader title={t.title} />
        <Text>{t.notFound}</Text>
      </>
    );
  }
  return (
    <QueryState query={campaign}>
      {(c) => <CampaignView campaign={c} />}
    </QueryState>
  );
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const t = useTexts(texts);
  const { can } = useSession();
  const queryClient = useQueryClient();
  const running = isRunning(campaign.state);
  const stream = useCampaignStream(running ? campaign.id : null);
  const statusQuery = useQuery({
    queryKey: campaignKeys.status(campaign.id),
    queryFn: ({ signal }) => api<CampaignStatus>(`/campaigns/${campaign.id}/status`, { signal }),
    // While it runs, the stream brings the same status every second.
    enabled: !running || stream.latest === null,
  });
  const history = useQuery({
    queryKey: campaignKeys.history(campaign.id),
    queryFn: ({ signal }) => api<CampaignHistory>(`/campaigns/${campaign.id}/history`, { signal }),
  });
  const status = running ? (stream.latest ?? statusQuery.data ?? null) : (statusQuery.data ?? stream.latest ?? null);
  const points = useProgressPoints(stream.latest);

  // The stream says when the state changes (launching → sending, a pause by someone else):
  // the campaign itself is fetched again so the actions follow.
  const streamedState = stream.latest?.state;
  useEffect(() => {
    if (streamedState && streamedState !== campaign.state) void queryClient.invalidateQueries({ queryKey: campaignKeys.one(campaign.id) });
  }, [streamedState, campaign.state, campaign.id, queryClient]);

  const launched = campaign.launchedAt !== null || running || campaign.state === "completed";
  return (
    <>
      <PageHeader title={campaign.name}>
        <CampaignActions campaign={campaign} status={status} />
      </PageHeader>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Panel title={t.about}>
            <CampaignDetails campaign={campaign} history={history.data?.items ?? null} />
          </Panel>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Panel title={t.history}>
            <QueryState query={history}>{(h) => <Timeline campaign={campaign} history={h} />}</QueryState>
          </Panel>
        </Grid.Col>
        {/* ── merge data and uploaded audiences ── */}
        <Grid.Col span={12}>
          <Panel title={t.uploads}>
            <UploadsPanel campaign={campaign} />
          </Panel>
        </Grid.Col>
        <Grid.Col span={12}>
          <Panel title={running ? t.progress : t.result}>
            {launched ? (
              <Stack gap="md">
                {statusQuery.isError && !status && <ProblemAlert error={statusQuery.error} />}
                <LiveProgress status={status} running={running} points={points} />
                {status && <ComplaintRate status={status} />}
              </Stack>
            ) : (
              <Text c="gray.7">{t.notStarted}</Text>
            )}
          </Panel>
        </Grid.Col>
        {launched && status && (
          <Grid.Col span={12}>
            <Panel title={t.channels}>
              {/* ── channel fallback: the real split ── */}
              {campaign.channelMode === "first-available" && <Stack mb="md"><ChannelSplit channels={campaign.channels} status={status} /></Stack>}
              <ChannelCounts status={status} />
            </Panel>
          </Grid.Col>
        )}
        {/* ── letters: the campaign's print batches ── */}
        {launched && campaign.channels.includes("letter") && can("letters.read") && (
          <Grid.Col span={12}>
            <Panel title={t.printBatches}>
              <PrintBatchesSection campaignId={campaign.id} />
            </Panel>
          </Grid.Col>
        )}
        {launched && can("deliveries.read") && (
          <Grid.Col span={12}>
            <Panel title={t.deliveries}>
              <DeliveriesSection campaign={campaign} status={status} />
            </Panel>
          </Grid.Col>
        )}
      </Grid>
    </>
  );
}
