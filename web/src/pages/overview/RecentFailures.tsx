// "Nylige feil": running and recently completed campaigns with failed deliveries, with the
// most frequent failure reasons (the provider's codes, as they come).
import { Anchor, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { reasonsOf, totalsOf } from "../campaigns/page/progress.ts";
import { RUNNING_STATES, type Campaign } from "../campaigns/page/types.ts";
import { useCampaignsIn, useRecentlyCompleted, useStatuses } from "./queries.ts";
import { Section } from "./Section.tsx";

const TOP_REASONS = 3;

const texts = defineTexts({
  nb: { title: "Nylige feil", empty: "Ingen feilede leveranser i kampanjer som sender eller nylig er fullført.", failed: (n: string) => `${n} feilet` },
  en: { title: "Recent failures", empty: "No failed deliveries in campaigns sending or recently completed.", failed: (n: string) => `${n} failed` },
});

export function RecentFailures() {
  const t = useTexts(texts);
  const format = useFormat();
  const running = useCampaignsIn(RUNNING_STATES, 20);
  const completed = useRecentlyCompleted(5);
  const candidates: Campaign[] = [...running.items, ...completed.items];
  const statuses = useStatuses(candidates.map((c) => c.id));
  const failing = candidates
    .map((campaign, i) => ({ campaign, status: statuses[i]?.data }))
    .filter((x) => x.status !== undefined && totalsOf(x.status).failed > 0);
  const pending = running.isPending || completed.isPending || statuses.some((s) => s.isPending);
  return (
    <Section title={t.title} empty={t.empty} isEmpty={failing.length === 0} isPending={pending && failing.length === 0} error={running.error ?? completed.error}>
      <Stack gap="sm">
        {failing.map(({ campaign, status }) => (
          <div key={campaign.id}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/campaigns/${campaign.id}`}>
                {campaign.name}
              </Anchor>
              <Text c="red.9" size="sm" fw={600}>
                {t.failed(format.number(totalsOf(status!).failed))}
              </Text>
            </Group>
            <Text size="xs" c="gray.7">
              {reasonsOf(status!, "failedByReason").slice(0, TOP_REASONS).map((r) => `${r.reason} (${format.number(r.count)})`).join(", ")}
            </Text>
          </div>
        ))}
      </Stack>
    </Section>
  );
}
