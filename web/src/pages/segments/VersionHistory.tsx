// A segment's versions, newest first. Choosing one shows what changed from the version before
// it (conditions added and removed, in words) and can load it into the editor, to save it
// again as a new version: old versions are never changed, campaigns point at them.
import { Badge, Box, Button, Group, Paper, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { useMemo, useState } from "react";
import type { SegmentView } from "../../../../src/contracts/segments.ts";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { describeRule, diffLines, type DiffLine, type RuleWords } from "./ruleDiff.ts";
import { opLabel, ruleTexts } from "./ruleTexts.ts";
import type { FieldName } from "./ruleTree.ts";
import { useSegmentFields } from "./useSegmentFields.ts";

type Version = SegmentView["versions"][number];

const texts = defineTexts({
  nb: {
    title: "Versjoner",
    caption: "Segmentets versjoner, nyeste først",
    version: "Versjon",
    saved: "Lagret",
    show: "Vis endringer",
    showLabel: (v: number) => `Vis endringer i versjon ${v}`,
    latest: "Gjeldende",
    changes: (v: number) => `Endringer i versjon ${v}`,
    compared: (v: number) => `Sammenlignet med versjon ${v}.`,
    first: "Første versjon: hele regelen er ny.",
    same: "Regelen er lik forrige versjon (bare navn eller beskrivelse kan være endret).",
    added: "Lagt til:",
    removed: "Fjernet:",
    load: (v: number) => `Last inn versjon ${v} i editoren`,
    summary: (added: number, removed: number) => `${added} ${added === 1 ? "linje" : "linjer"} lagt til, ${removed} fjernet.`,
  },
  en: {
    title: "Versions",
    caption: "The segment's versions, newest first",
    version: "Version",
    saved: "Saved",
    show: "Show changes",
    showLabel: (v: number) => `Show changes in version ${v}`,
    latest: "Current",
    changes: (v: number) => `Changes in version ${v}`,
    compared: (v: number) => `Compared with version ${v}.`,
    first: "First version: the whole rule is new.",
    same: "The rule is the same as the previous version (only the name or description may have changed).",
    added: "Added:",
    removed: "Removed:",
    load: (v: number) => `Load version ${v} into the editor`,
    summary: (added: number, removed: number) => `${added} ${added === 1 ? "line" : "lines"} added, ${removed} removed.`,
  },
});

export function VersionHistory({ versions, onLoad }: { versions: Version[]; onLoad?(version: Version): void }) {
  const t = useTexts(texts);
  const format = useFormat();
  const [chosenId, setChosenId] = useState<number | null>(versions[0]?.id ?? null);
  const index = versions.findIndex((v) => v.id === chosenId);
  const chosen = versions[index];
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t.title}
      </Title>
      <Table.ScrollContainer minWidth={420}>
        <Table verticalSpacing={4} highlightOnHover aria-label={t.caption}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.version}</Table.Th>
              <Table.Th>{t.saved}</Table.Th>
              <Table.Th>
                <VisuallyHidden>{t.show}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((version, i) => (
              <Table.Tr key={version.id} bg={version.id === chosenId ? "indigo.0" : undefined}>
                <Table.Td>
                  <Group gap={6}>
                    <Text size="sm" fw={version.id === chosenId ? 700 : undefined}>
                      {version.version}
                    </Text>
                    {i === 0 && (
                      <Badge size="sm" variant="light">
                        {t.latest}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{format.dateTime(version.createdAt)}</Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant={version.id === chosenId ? "filled" : "default"}
                    aria-label={t.showLabel(version.version)}
                    aria-pressed={version.id === chosenId}
                    onClick={() => setChosenId(version.id)}
                  >
                    {t.show}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {chosen && <VersionChanges version={chosen} previous={versions[index + 1]} onLoad={onLoad} />}
    </Stack>
  );
}

function VersionChanges({ version, previous, onLoad }: { version: Version; previous: Version | undefined; onLoad?(version: Version): void }) {
  const t = useTexts(texts);
  const words = useRuleWords();
  const lines = useMemo(
    () => diffLines(previous ? describeRule(previous.rules, words) : [], describeRule(version.rules, words)),
    [previous, version, words],
  );
  const added = lines.filter((l) => l.kind === "added").length;
  const removed = lines.filter((l) => l.kind === "removed").length;
  return (
    <Paper withBorder p="sm">
      <Title order={3} size="h5">
        {t.changes(version.version)}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {previous ? `${t.compared(previous.version)} ${added + removed === 0 ? t.same : t.summary(added, removed)}` : t.first}
      </Text>
      <Box>
        {lines.map((line, i) => (
          <DiffRow key={i} line={line} />
        ))}
      </Box>
      {onLoad && (
        <Button mt="sm" size="xs" variant="default" onClick={() => onLoad(version)}>
          {t.load(version.version)}
        </Button>
      )}
    </Paper>
  );
}

function DiffRow({ line }: { line: DiffLine }) {
  const t = useTexts(texts);
  const depth = (/^ */.exec(line.text)?.[0].length ?? 0) / 2;
  const text = line.text.trimStart();
  const style = { paddingLeft: `calc(${depth} * 1.25rem + 0.5rem)`, fontSize: "var(--mantine-font-size-sm)", display: "block" };
  if (line.kind === "same") {
    return (
      <Text component="div" style={style} py={1}>
        <span aria-hidden>{"  "}</span>
        {text}
      </Text>
    );
  }
  const added = line.kind === "added";
  const Tag = added ? "ins" : "del";
  return (
    <Box
      component={Tag}
      py={1}
      bg={added ? "green.0" : "red.0"}
      style={{ ...style, textDecoration: "none", borderLeft: `3px solid var(--mantine-color-${added ? "green" : "red"}-7)` }}
    >
      <VisuallyHidden>{added ? t.added : t.removed} </VisuallyHidden>
      <span aria-hidden style={{ fontWeight: 700, color: `var(--mantine-color-${added ? "green" : "red"}-9)` }}>
        {added ? "+ " : "− "}
      </span>
      {text}
    </Box>
  );
}

/** Conditions in words: "Fylke er en av Oslo, Vestland", "Alder mellom 30 og 40". */
export function useRuleWords(): RuleWords {
  const t = useTexts(ruleTexts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const catalog = useSegmentFields();
  return useMemo(() => {
    const fields = new Map((catalog.data?.fields ?? []).map((f) => [f.name as string, f]));
    const counties = new Map((catalog.data?.options.counties ?? []).map((c) => [c.number, c.name]));
    const municipalities = new Map((catalog.data?.options.municipalities ?? []).map((m) => [m.number, m.name]));
    const one = (kind: string | undefined, v: string | number): string => {
      const s = String(v);
      switch (kind) {
        case "status": return vocabulary.label("memberStatus", s);
        case "language": return vocabulary.label("language", s);
        case "sector": return vocabulary.label("sector", s);
        case "county": return counties.get(s) ?? s;
        case "municipality": return municipalities.get(s) ? `${s} ${municipalities.get(s)}` : s;
        case "date": return format.date(s);
        case "age": case "postcode": return s;
        default: return `«${s}»`;
      }
    };
    return {
      group: (kind) => t.groupKinds[kind],
      condition({ field, op, value }) {
        const kind = fields.get(field)?.kind;
        const name = t.fields[field as FieldName] ?? field;
        if (op === "exists") {
          if (kind === "contact") return `${name}: ${value === false ? t.no.toLowerCase() : t.yes.toLowerCase()}`;
          return `${name} ${value === false ? t.existsNot : t.exists}`;
        }
        const words = opLabel(t, op, kind);
        if (op === "between" && Array.isArray(value)) return `${name} ${words} ${one(kind, value[0] ?? "")} ${t.and} ${one(kind, value[1] ?? "")}`;
        const shown = Array.isArray(value) ? value.map((v) => one(kind, v)).join(", ") : typeof value === "boolean" ? String(value) : one(kind, value);
        return `${name} ${words} ${shown}`;
      },
    };
  }, [t, format, vocabulary, catalog.data]);
}
