// A small time-series chart (uPlot on a canvas) of counts over time, e.g. a campaign's sent and
// failed deliveries while it sends. Imported lazily by the screens that use it, so uPlot and its
// CSS stay out of every other chunk. The canvas is one image to assistive technology: the
// caller says in `label` what it shows, and shows the numbers as text beside it.
import { Box, ColorSwatch, Group, Text } from "@mantine/core";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { OSLO } from "../i18n/format.ts";

export interface ChartSeries {
  label: string;
  /** A CSS colour for the line. */
  color: string;
  values: number[];
}

export interface ProgressChartProps {
  /** Unix seconds, ascending, one per value of each series. */
  times: number[];
  series: ChartSeries[];
  /** What the chart shows, for screen readers. */
  label: string;
  /** @defaultValue 220 */
  height?: number;
  /** The top of the value axis (e.g. the total to reach); otherwise the largest value. */
  yMax?: number;
  /** Tick labels of the value axis, e.g. the UI's number format. */
  formatValue?: (value: number) => string;
}

// Hours and minutes read the same in Norwegian and English; the axis follows Oslo time like every date in the UI.
const clock = uPlot.fmtDate("{HH}:{mm}");
const clockSeconds = uPlot.fmtDate("{HH}:{mm}:{ss}");

const osloDate = (unixSeconds: number) => uPlot.tzDate(new Date(unixSeconds * 1000), OSLO);

function options(series: ChartSeries[], width: number, height: number, props: Pick<ProgressChartProps, "yMax" | "formatValue">): uPlot.Options {
  const { yMax, formatValue } = props;
  return {
    width,
    height,
    tzDate: osloDate,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, yMax ?? 0, max)] } },
    axes: [
      {
        // Whole seconds at least: events come once a second, and sub-second ticks would repeat the same label.
        incrs: [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
        values: (u, splits) => splits.map((s) => ((u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0) > 600 ? clock : clockSeconds)(osloDate(s))),
      },
      { size: 70, ...(formatValue ? { values: (_u: uPlot, splits: number[]) => splits.map(formatValue) } : {}) },
    ],
    series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: false } }))],
  };
}

export default function ProgressChart({ times, series, label, height = 220, yMax, formatValue }: ProgressChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data: uPlot.AlignedData = [times, ...series.map((s) => s.values)];
  const shape = series.map((s) => `${s.label}:${s.color}`).join("|");

  // One chart per set of series; new points only replace its data.
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(options(series, element.clientWidth || 600, height, { yMax, formatValue }), data, element);
    plot.current = chart;
    const observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth || 600, height }));
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Recreated only when the series, the height or the axis top change; data goes through setData below.
  }, [shape, height, yMax]);

  useEffect(() => {
    plot.current?.setData(data);
  });

  return (
    <Box>
      <div ref={box} role="img" aria-label={label} />
      <Group gap="md" mt={4}>
        {series.map((s) => (
          <Group key={s.label} gap={6}>
            <ColorSwatch color={s.color} size={12} withShadow={false} aria-hidden />
            <Text size="sm">{s.label}</Text>
          </Group>
        ))}
      </Group>
    </Box>
  );
}
