// A campaign's progress in numbers and one bar: sent, failed, bounced and skipped of the total, the
// rate and the time left. Shared by the overview and the campaign page (no chart here: the
// overview must stay small).
import { Group, Progress, Stack, Text } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { percentOf, totalsOf } from "./progress.ts";
import type { CampaignStatus } from "./types.ts";

const texts = defineTexts({
  nb: {
    sentOf: (sent: string, total: string) => `${sent} av ${total} sendt`,
    failed: (n: string) => `${n} feilet`,
    bounced: (n: string) => `${n} returnert`,
    skipped: (n: string) => `${n} hoppet over`,
    cancelled: (n: string) => `${n} avbrutt`,
    waiting: (n: string) => `${n} venter`,
    rate: (n: string) => `${n} per sekund`,
    eta: (d: string) => `ca. ${d} igjen`,
    barSent: "Sendt", barFailed: "Feilet", barBounced: "Returnert", barSkipped: "Hoppet over", barCancelled: "Avbrutt",
    noDeliveries: "Ingen leveranser ennå.",
    paused: "Sendingen er satt på pause.",
  },
  en: {
    sentOf: (sent: string, total: string) => `${sent} of ${total} sent`,
    failed: (n: string) => `${n} failed`,
    bounced: (n: string) => `${n} bounced`,
    skipped: (n: string) => `${n} skipped`,
    cancelled: (n: string) => `${n} cancelled`,
    waiting: (n: string) => `${n} waiting`,
    rate: (n: string) => `${n} per second`,
    eta: (d: string) => `about ${d} left`,
    barSent: "Sent", barFailed: "Failed", barBounced: "Bounced", barSkipped: "Skipped", barCancelled: "Cancelled",
    noDeliveries: "No deliveries yet.",
    paused: "Sending is paused.",
  },
});

export function ProgressSummary({ status, showRate = true }: { status: CampaignStatus; showRate?: boolean }) {
  const t = useTexts(texts);
  const format = useFormat();
  const totals = totalsOf(status);
  if (totals.total === 0) return <Text c="gray.7">{t.noDeliveries}</Text>;
  const n = format.number;
  const waiting = totals.pending + totals.sending;
  const percent = (part: number) => percentOf(part, totals.total);
  const share = (part: number) => format.percent(part / totals.total);
  return (
    <Stack gap={6}>
      <Group gap="md" wrap="wrap">
        <Text fw={600}>{t.sentOf(n(totals.sent), n(totals.total))}</Text>
        {totals.failed > 0 && <Text c="red.9">{t.failed(n(totals.failed))}</Text>}
        {totals.bounced > 0 && <Text c="red.9">{t.bounced(n(totals.bounced))}</Text>}
        <Text c="gray.7">{t.skipped(n(totals.skipped))}</Text>
        {totals.cancelled > 0 && <Text c="gray.7">{t.cancelled(n(totals.cancelled))}</Text>}
        {waiting > 0 && <Text c="gray.7">{t.waiting(n(waiting))}</Text>}
      </Group>
      <Progress.Root size="lg">
        <Progress.Section value={percent(totals.sent)} color="green.8" aria-label={`${t.barSent}: ${share(totals.sent)}`} />
        <Progress.Section value={percent(totals.failed)} color="red.9" aria-label={`${t.barFailed}: ${share(totals.failed)}`} />
        <Progress.Section value={percent(totals.bounced)} color="orange.8" aria-label={`${t.barBounced}: ${share(totals.bounced)}`} />
        <Progress.Section value={percent(totals.skipped)} color="gray.5" aria-label={`${t.barSkipped}: ${share(totals.skipped)}`} />
        <Progress.Section value={percent(totals.cancelled)} color="gray.7" aria-label={`${t.barCancelled}: ${share(totals.cancelled)}`} />
      </Progress.Root>
      {showRate && status.state === "sending" && (status.ratePerSecond !== null || status.etaSeconds !== null) && (
        <Group gap="md">
          {status.ratePerSecond !== null && <Text size="sm">{t.rate(n(status.ratePerSecond))}</Text>}
          {status.etaSeconds !== null && waiting > 0 && <Text size="sm">{t.eta(format.duration(status.etaSeconds))}</Text>}
        </Group>
      )}
      {status.state === "paused" && <Text size="sm" fw={500}>{t.paused}</Text>}
    </Stack>
  );
}
