// "Nylige feil": running and recently completed campaigns with failed or bounced deliveries,
// with the most frequent reasons of either (the provider's or the bounce's codes, as they come).
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
  nb: {
    title: "Nylige feil", empty: "Ingen feilede eller returnerte leveranser i kampanjer som sender eller nylig er fullført.",
    failed: (n: string) => `${n} feilet`, bounced: (n: string) => `${n} returnert`,
  },
  en: {
    title: "Recent failures", empty: "No failed or bounced deliveries in campaigns sending or recently completed.",
    failed: (n: string) => `${n} failed`, bounced: (n: string) => `${n} bounced`,
  },
});

export function RecentFailures() {
  const t = useTexts(texts);
  const format = useFormat();
  const running = useCampaignsIn(RUNNING_STATES, 20);
  const completed = useRecentlyCompleted(5);
  const candidates: Campaign[] = [...running.items, ...completed.items];
  const statuses = useStatuses(candidates.map((c) => c.id));
  const failing = candidates.flatMap((campaign, i) => {
    const status = statuses[i]?.data;
    const totals = status ? totalsOf(status) : null;
    return status && totals && totals.failed + totals.bounced > 0 ? [{ campaign, status, totals }] : [];
  });
  const pending = running.isPending || completed.isPending || statuses.some((s) => s.isPending);
  return (
    <Section title={t.title} empty={t.empty} isEmpty={failing.length === 0} isPending={pending && failing.length === 0} error={running.error ?? completed.error}>
      <Stack gap="sm">
        {failing.map(({ campaign, status, totals }) => (
          <div key={campaign.id}>
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor component={Link} to={`/campaigns/${campaign.id}`}>
                {campaign.name}
              </Anchor>
              <Text c="red.9" size="sm" fw={600}>
                {[
                  totals.failed > 0 ? t.failed(format.number(totals.failed)) : null,
                  totals.bounced > 0 ? t.bounced(format.number(totals.bounced)) : null,
                ].filter((part) => part !== null).join(" · ")}
              </Text>
            </Group>
            <Text size="xs" c="gray.7">
              {reasonsOf(status, "failedByReason", "bouncedByReason").slice(0, TOP_REASONS).map((r) => `${r.reason} (${format.number(r.count)})`).join(", ")}
            </Text>
          </div>
        ))}
      </Stack>
    </Section>
  );
}
