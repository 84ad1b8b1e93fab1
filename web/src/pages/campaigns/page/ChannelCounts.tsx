// Counts per channel and delivery status, and why deliveries were skipped, failed or bounced:
// skip reasons in words (the vocabulary), failure and bounce reasons as the codes that came back.
import { Paper, SimpleGrid, Table, Text, Title } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { reasonsOf, totalsOf } from "./progress.ts";
import { DELIVERY_STATUS_VALUES, type CampaignStatus } from "./types.ts";

const texts = defineTexts({
  nb: {
    caption: "Leveranser per kanal og status", channel: "Kanal", total: "Totalt", sum: "Sum",
    skipped: "Hvorfor noen ble hoppet over", failed: "Hvorfor noen feilet", failedHint: "Kodene kommer fra e-post- og SMS-leverandøren.",
    bounced: "Hvorfor noen kom i retur", bouncedHint: "Sendt, men kom tilbake for godt. Kodene står i returmeldingen (5.1.1: adressen finnes ikke).",
    none: "Ingen.", reason: "Årsak", count: "Antall",
  },
  en: {
    caption: "Deliveries by channel and status", channel: "Channel", total: "Total", sum: "Sum",
    skipped: "Why some were skipped", failed: "Why some failed", failedHint: "The codes come from the email and SMS provider.",
    bounced: "Why some bounced", bouncedHint: "Sent, then returned for good. The codes are from the bounce message (5.1.1: no such address).",
    none: "None.", reason: "Reason", count: "Count",
  },
});

export function ChannelCounts({ status }: { status: CampaignStatus }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const channels = Object.entries(status.channels);
  const sum = totalsOf(status);
  const sumOf = (key: (typeof DELIVERY_STATUS_VALUES)[number]) => channels.reduce((s, [, c]) => s + c[key], 0);
  return (
    <>
      <Table.ScrollContainer minWidth={840}>
        <Table aria-label={t.caption} striped withTableBorder verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.channel}</Table.Th>
              <Table.Th ta="right">{t.total}</Table.Th>
              {DELIVERY_STATUS_VALUES.map((s) => (
                <Table.Th key={s} ta="right">
                  {vocabulary.label("deliveryStatus", s)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {channels.map(([channel, counts]) => (
              <Table.Tr key={channel}>
                <Table.Th scope="row" fw={500}>
                  {vocabulary.label("channel", channel)}
                </Table.Th>
                <Table.Td ta="right">{format.number(counts.total)}</Table.Td>
                {DELIVERY_STATUS_VALUES.map((s) => (
                  <Table.Td key={s} ta="right">
                    {format.number(counts[s])}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
            {channels.length > 1 && (
              <Table.Tr>
                <Table.Th scope="row">{t.sum}</Table.Th>
                <Table.Td ta="right" fw={600}>
                  {format.number(sum.total)}
                </Table.Td>
                {DELIVERY_STATUS_VALUES.map((s) => (
                  <Table.Td key={s} ta="right" fw={600}>
                    {format.number(sumOf(s))}
                  </Table.Td>
                ))}
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <SimpleGrid cols={{ base: 1, md: 3 }} mt="md">
        <Reasons title={t.skipped} rows={reasonsOf(status, "skippedByReason").map((r) => ({ ...r, label: vocabulary.label("skipReason", r.reason) }))} />
        <Reasons title={t.failed} hint={t.failedHint} rows={reasonsOf(status, "failedByReason").map((r) => ({ ...r, label: r.reason }))} code />
        <Reasons title={t.bounced} hint={t.bouncedHint} rows={reasonsOf(status, "bouncedByReason").map((r) => ({ ...r, label: r.reason }))} code />
      </SimpleGrid>
    </>
  );
}

function Reasons({ title, hint, rows, code }: { title: string; hint?: string; rows: Array<{ reason: string; label: string; count: number }>; code?: boolean }) {
  const t = useTexts(texts);
  const format = useFormat();
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h5" mb={4}>
        {title}
      </Title>
      {hint && rows.length > 0 && (
        <Text size="xs" c="gray.7" mb={4}>
          {hint}
        </Text>
      )}
      {rows.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t.none}
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label={title}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.reason}</Table.Th>
              <Table.Th ta="right">{t.count}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.reason}>
                <Table.Td>{code ? <code>{r.label}</code> : r.label}</Table.Td>
                <Table.Td ta="right">{format.number(r.count)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
