// "Sender nå": every campaign that is launching, sending or paused, with its progress live
// from the event stream. Browsers allow six connections per server over HTTP/1.1, and each
// stream holds one open, so only the newest few stream; the rest are polled.
import { Anchor, Group, Paper, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { ProgressSummary } from "../campaigns/page/ProgressSummary.tsx";
import { StateBadge } from "../campaigns/page/StateBadge.tsx";
import { RUNNING_STATES, type Campaign } from "../campaigns/page/types.ts";
import { useCampaignStream } from "../campaigns/page/useCampaignStream.ts";
import { useCampaignsIn, useStatus } from "./queries.ts";
import { Section } from "./Section.tsx";

const MAX_STREAMS = 3;
const POLL_MS = 5000;

const texts = defineTexts({
  nb: { title: "Sender nå", empty: "Ingen kampanjer sender nå.", connecting: "Henter fremdrift …" },
  en: { title: "Sending now", empty: "No campaigns are sending now.", connecting: "Fetching progress …" },
});

export function SendingNow() {
  const t = useTexts(texts);
  const running = useCampaignsIn(RUNNING_STATES, 20);
  return (
    <Section title={t.title} empty={t.empty} isEmpty={running.items.length === 0} isPending={running.isPending} error={running.error}>
      <Stack gap="sm">
        {running.items.map((c, i) => (
          <RunningCampaign key={c.id} campaign={c} live={i < MAX_STREAMS} />
        ))}
      </Stack>
    </Section>
  );
}

function RunningCampaign({ campaign, live }: { campaign: Campaign; live: boolean }) {
  const t = useTexts(texts);
  const stream = useCampaignStream(live ? campaign.id : null);
  const polled = useStatus(campaign.id, { enabled: !live || stream.latest === null, refetchInterval: live ? false : POLL_MS });
  const status = stream.latest ?? polled.data ?? null;
  return (
    <Paper withBorder p="sm" radius="sm" aria-label={campaign.name} component="article">
      <Group justify="space-between" mb={6} wrap="nowrap">
        <Anchor component={Link} to={`/campaigns/${campaign.id}`} fw={600}>
          {campaign.name}
        </Anchor>
        <StateBadge state={status?.state ?? campaign.state} size="sm" />
      </Group>
      {status ? <ProgressSummary status={status} /> : <Text size="sm" c="gray.7">{t.connecting}</Text>}
    </Paper>
  );
}
