// "Planlagt de neste 7 dagene": scheduled campaigns whose send time is within a week, soonest
// first, with the time in Oslo.
import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { useCampaignsIn } from "./queries.ts";
import { Section } from "./Section.tsx";

const WEEK_MS = 7 * 24 * 3600_000;

const texts = defineTexts({
  nb: { title: "Planlagt de neste 7 dagene", empty: "Ingenting er planlagt den neste uken.", name: "Kampanje", at: "Sendes", channels: "Kanaler" },
  en: { title: "Scheduled for the next 7 days", empty: "Nothing is scheduled for the next week.", name: "Campaign", at: "Sends", channels: "Channels" },
});

export function ScheduledSoon({ now }: { now: number }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const scheduled = useCampaignsIn(["scheduled"], 100);
  const soon = scheduled.items
    .filter((c) => c.sendAt !== null && Date.parse(c.sendAt) - now < WEEK_MS)
    .sort((a, b) => Date.parse(a.sendAt!) - Date.parse(b.sendAt!));
  return (
    <Section title={t.title} empty={t.empty} isEmpty={soon.length === 0} isPending={scheduled.isPending} error={scheduled.error}>
      <Table aria-label={t.title} verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.name}</Table.Th>
            <Table.Th>{t.at}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {soon.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/campaigns/${c.id}`}>
                  {c.name}
                </Anchor>
                <Text size="xs" c="gray.7">
                  {c.channels.map((ch) => vocabulary.label("channel", ch)).join(", ")}
                </Text>
              </Table.Td>
              <Table.Td>{format.dateTime(c.sendAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Section>
  );
}
