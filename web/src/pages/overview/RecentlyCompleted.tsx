// "Nylig fullført": the last few completed campaigns, when they finished and how it went.
import { Anchor, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { totalsOf } from "../campaigns/page/progress.ts";
import { useRecentlyCompleted, useStatuses } from "./queries.ts";
import { Section } from "./Section.tsx";

const texts = defineTexts({
  nb: {
    title: "Nylig fullført", empty: "Ingen kampanjer er fullført ennå.",
    summary: (sent: string, failed: string, skipped: string) => `${sent} sendt · ${failed} feilet · ${skipped} hoppet over`,
    finished: (at: string) => `Fullført ${at}`,
  },
  en: {
    title: "Recently completed", empty: "No campaigns have completed yet.",
    summary: (sent: string, failed: string, skipped: string) => `${sent} sent · ${failed} failed · ${skipped} skipped`,
    finished: (at: string) => `Completed ${at}`,
  },
});

export function RecentlyCompleted() {
  const t = useTexts(texts);
  const format = useFormat();
  const completed = useRecentlyCompleted(5);
  const statuses = useStatuses(completed.items.map((c) => c.id));
  return (
    <Section title={t.title} empty={t.empty} isEmpty={completed.items.length === 0} isPending={completed.isPending} error={completed.error}>
      <Stack gap="xs">
        {completed.items.map((c, i) => {
          const status = statuses[i]?.data;
          const totals = status ? totalsOf(status) : null;
          return (
            <div key={c.id}>
              <Anchor component={Link} to={`/campaigns/${c.id}`}>
                {c.name}
              </Anchor>
              <Text size="xs" c="gray.7">
                {t.finished(format.dateTime(c.completedAt))}
                {totals && ` · ${t.summary(format.number(totals.sent), format.number(totals.failed), format.number(totals.skipped))}`}
              </Text>
            </div>
          );
        })}
      </Stack>
    </Section>
  );
}
