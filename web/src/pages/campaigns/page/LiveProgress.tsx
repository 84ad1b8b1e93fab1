// The campaign's progress: the counts and bar, and while the page watches a running campaign,
// a chart of sent and failed over time (uPlot, loaded only here).
import { Center, Loader, Stack, Text } from "@mantine/core";
import { lazy, Suspense, useEffect, useState } from "react";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { totalsOf } from "./progress.ts";
import { ProgressSummary } from "./ProgressSummary.tsx";
import type { CampaignStatus } from "./types.ts";

const ProgressChart = lazy(() => import("../../../components/ProgressChart.tsx"));

/** About ten minutes of one-second events: enough to see the trend, little to redraw. */
const MAX_POINTS = 600;

const texts = defineTexts({
  nb: {
    sent: "Sendt", failed: "Feilet", loading: "Laster grafen",
    chart: (sent: string, failed: string) => `Graf over sendte og feilede leveranser siden du åpnet siden. Nå: ${sent} sendt, ${failed} feilet.`,
    since: "Grafen viser utviklingen siden du åpnet siden.",
    connecting: "Kobler til for løpende oppdateringer …",
  },
  en: {
    sent: "Sent", failed: "Failed", loading: "Loading the chart",
    chart: (sent: string, failed: string) => `Chart of sent and failed deliveries since you opened the page. Now: ${sent} sent, ${failed} failed.`,
    since: "The chart shows progress since you opened the page.",
    connecting: "Connecting for live updates …",
  },
});

export interface ProgressPoint {
  /** Unix seconds. */
  at: number;
  sent: number;
  failed: number;
}

/** One point per status event the page receives. */
export function useProgressPoints(latest: CampaignStatus | null): ProgressPoint[] {
  const [points, setPoints] = useState<ProgressPoint[]>([]);
  useEffect(() => {
    if (!latest) return;
    const totals = totalsOf(latest);
    setPoints((p) => [...p.slice(-(MAX_POINTS - 1)), { at: Date.now() / 1000, sent: totals.sent, failed: totals.failed }]);
  }, [latest]);
  return points;
}

export function LiveProgress({ status, running, points }: { status: CampaignStatus | null; running: boolean; points: ProgressPoint[] }) {
  const t = useTexts(texts);
  const format = useFormat();
  if (!status) {
    return running ? <Text c="gray.7">{t.connecting}</Text> : null;
  }
  const totals = totalsOf(status);
  return (
    <Stack gap="sm">
      {/* Not a live region: a screen reader would read it out every second. */}
      <ProgressSummary status={status} showRate={running} />
      {points.length > 1 && (
        <Suspense fallback={<Center h={220}><Loader role="status" aria-label={t.loading} /></Center>}>
          <ProgressChart
            times={points.map((p) => p.at)}
            series={[
              { label: t.sent, color: "#2b8a3e", values: points.map((p) => p.sent) },
              { label: t.failed, color: "#c92a2a", values: points.map((p) => p.failed) },
            ]}
            label={t.chart(format.number(totals.sent), format.number(totals.failed))}
            yMax={totals.total}
            formatValue={format.number}
          />
          <Text size="xs" c="gray.7">
            {t.since}
          </Text>
        </Suspense>
      )}
    </Stack>
  );
}
