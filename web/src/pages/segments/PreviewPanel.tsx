// The live count while rules are edited: one preview request a quarter second after the last
// change (the one before is aborted when its rule is superseded), the count kept on screen while
// a newer one is on its way, and the breakdowns by county, status and reachable channel.
import { Group, Loader, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId } from "react";
import type { SegmentPreview } from "../../../../src/contracts/segments.ts";
import type { Rule } from "../../../../src/segments/rules.ts";
import { api, ApiError } from "../../api/client.ts";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";

/**
 * The count must be on screen at most 300 ms after the last change. A preview of 100,000 members
 * takes about 60-100 ms end to end (npm run bench:ui), so the wait for typing to stop gets the rest.
 */
export const PREVIEW_DEBOUNCE_MS = 150;

const texts = defineTexts({
  nb: {
    count: "Antall medlemmer",
    members: "medlemmer",
    counting: "Teller …",
    nothing: "Legg til en betingelse for å telle medlemmer.",
    incomplete: (n: number) => (n === 1 ? "1 betingelse er ikke fylt ut og telles ikke med." : `${n} betingelser er ikke fylt ut og telles ikke med.`),
    reachable: "Kan nås",
    channel: "Kanal",
    byStatus: "Etter status",
    byCounty: "Etter fylke",
    status: "Status",
    county: "Fylke",
    number: "Antall",
    share: "Andel",
    unknown: "Ukjent",
    evaluatedOn: (date: string) => `Alder regnet per ${date}.`,
    reachableNote: "Har gyldig adresse. Samtykke sjekkes ved utsending.",
    rulesInvalid: "Regelen har feil: se meldingene ved betingelsene.",
  },
  en: {
    count: "Number of members",
    members: "members",
    counting: "Counting …",
    nothing: "Add a condition to count members.",
    incomplete: (n: number) => (n === 1 ? "1 condition is not filled in and is not counted." : `${n} conditions are not filled in and are not counted.`),
    reachable: "Reachable",
    channel: "Channel",
    byStatus: "By status",
    byCounty: "By county",
    status: "Status",
    county: "County",
    number: "Count",
    share: "Share",
    unknown: "Unknown",
    evaluatedOn: (date: string) => `Age as of ${date}.`,
    reachableNote: "Has a valid address. Consent is checked when sending.",
    rulesInvalid: "The rule has errors: see the messages at the conditions.",
  },
});

export interface RulePreview {
  data: SegmentPreview | undefined;
  /** A newer count is on its way (waiting out the debounce, or fetching). */
  pending: boolean;
  error: unknown;
  /** The rule the error is about is the one on screen (so its issue paths fit the tree). */
  errorIsCurrent: boolean;
}

export function useRulePreview(rule: Rule | null, enabled = true): RulePreview {
  const [debounced] = useDebouncedValue(rule, PREVIEW_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["segments", "preview", debounced],
    queryFn: ({ signal }) => api<SegmentPreview>("/segments/preview", { method: "POST", body: { rules: debounced }, signal }),
    enabled: enabled && debounced !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
  return {
    data: rule === null ? undefined : query.data,
    pending: rule !== null && (rule !== debounced || query.isFetching),
    error: rule === null ? null : query.error,
    errorIsCurrent: rule === debounced && !query.isFetching,
  };
}

export function PreviewPanel({ preview, hasRule, incomplete }: { preview: RulePreview; hasRule: boolean; incomplete: number }) {
  const t = useTexts(texts);
  const format = useFormat();
  const labelId = useId();
  const { data, pending, error } = preview;
  const invalid = error instanceof ApiError && error.status === 400;
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Group justify="space-between" align="center">
          <Title order={2} size="h4" id={labelId}>
            {t.count}
          </Title>
          {pending && hasRule && (
            <Group gap={6}>
              <Loader size="xs" aria-hidden />
              <Text size="sm" c="dimmed">
                {t.counting}
              </Text>
            </Group>
          )}
        </Group>
        <Group gap={8} align="baseline">
          <Text
            role="status"
            aria-live="polite"
            aria-labelledby={labelId}
            aria-busy={pending && hasRule}
            fz={44}
            fw={700}
            lh={1}
            c={pending && data ? "dimmed" : undefined}
            style={{ fontVariantNumeric: "tabular-nums" }}
          >
            {hasRule && data ? format.number(data.count) : "–"}
          </Text>
          {hasRule && data && <Text c="dimmed">{t.members}</Text>}
        </Group>
        {!hasRule && <Text size="sm">{t.nothing}</Text>}
        {incomplete > 0 && (
          <Text size="sm" c="dimmed">
            {t.incomplete(incomplete)}
          </Text>
        )}
        {hasRule && invalid && (
          <Text size="sm" c="red.8">
            {t.rulesInvalid}
          </Text>
        )}
        {hasRule && error && !invalid ? <ProblemAlert error={error} /> : null}
        {hasRule && data && <Breakdown preview={data} />}
      </Stack>
    </Paper>
  );
}

function Breakdown({ preview }: { preview: SegmentPreview }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const { count, breakdown } = preview;
  const share = (n: number) => (count > 0 ? format.percent(n / count) : "–");
  const byCount = (record: Record<string, number>) => Object.entries(record).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "nb"));
  const channels = [
    ["email", breakdown.reachable.email],
    ["sms", breakdown.reachable.sms],
    ["letter", breakdown.reachable.letter],
  ] as const;
  const sections = [
    {
      title: t.reachable,
      head: t.channel,
      rows: channels.map(([channel, n]) => ({ key: channel, label: vocabulary.label("channel", channel), n, share: share(n) })),
      note: t.reachableNote,
    },
    {
      title: t.byStatus,
      head: t.status,
      rows: byCount(breakdown.status).map(([status, n]) => ({ key: status, label: vocabulary.label("memberStatus", status), n, share: share(n) })),
    },
    {
      title: t.byCounty,
      head: t.county,
      rows: byCount(breakdown.county).map(([county, n]) => ({ key: county, label: county === "(unknown)" ? t.unknown : county, n, share: share(n) })),
    },
  ];
  return (
    <Stack gap="md">
      {count > 0 &&
        sections.map((section) => (
          <div key={section.title}>
            <Title order={3} size="h5" mb={4}>
              {section.title}
            </Title>
            <CountTable caption={section.title} head={section.head} rows={section.rows} />
            {section.note && (
              <Text size="xs" c="dimmed" mt={4}>
                {section.note}
              </Text>
            )}
          </div>
        ))}
      <Text size="xs" c="dimmed">
        {t.evaluatedOn(format.date(preview.evaluatedOn))}
      </Text>
    </Stack>
  );
}

function CountTable({ caption, head, rows }: { caption: string; head: string; rows: Array<{ key: string; label: string; n: number; share: string }> }) {
  const t = useTexts(texts);
  const format = useFormat();
  return (
    <Table verticalSpacing={2} fz="sm" aria-label={caption}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{head}</Table.Th>
          <Table.Th ta="right">{t.number}</Table.Th>
          <Table.Th ta="right">{t.share}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <Table.Tr key={row.key}>
            <Table.Td>{row.label}</Table.Td>
            <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
              {format.number(row.n)}
            </Table.Td>
            <Table.Td ta="right" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
              {row.share}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
