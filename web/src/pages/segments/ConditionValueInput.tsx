// The value of one condition, with the input its field and operator call for: pickers for closed
// lists (statuses, sectors, counties, municipalities), suggestions that also take typed text
// (agreements), dates, numbers, a pair for `between`, yes/no for `exists`, free text otherwise.
import "@mantine/dates/styles.css";
import "dayjs/locale/nb";
import { Autocomplete, Box, Group, MultiSelect, NumberInput, Radio, Select, TagsInput, TextInput } from "@mantine/core";
import { DateInput, DatesProvider } from "@mantine/dates";
import type { SegmentFields } from "../../../../src/contracts/segments.ts";
import { useLanguage, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { ruleTexts } from "./ruleTexts.ts";
import type { DraftCondition, DraftValue, FieldInfo, NodeIssues } from "./ruleTree.ts";

type Options = SegmentFields["options"];
type Choice = { value: string; label: string };

interface Props {
  condition: DraftCondition;
  field: FieldInfo;
  options: Options | undefined;
  issues: NodeIssues | undefined;
  onChange(value: DraftValue): void;
}

export function ConditionValueInput({ condition, field, options, issues, onChange }: Props) {
  const t = useTexts(ruleTexts);
  const { language } = useLanguage();
  const choices = useChoices(field, options);
  const { op, value } = condition;
  const join = (...parts: Array<string[] | undefined>) => parts.flatMap((p) => p ?? []).join(" ") || undefined;

  if (op === "exists") {
    return (
      <Radio.Group
        label={t.value}
        value={value === false ? "false" : value === true ? "true" : null}
        onChange={(next) => onChange(next === "true")}
        error={join(issues?.value)}
      >
        <Group gap="md" mt={8}>
          <Radio value="true" label={t.yes} />
          <Radio value="false" label={t.no} />
        </Group>
      </Radio.Group>
    );
  }

  const free = field.name === "employment.agreement";
  if (op === "in" || op === "notIn") {
    const list = Array.isArray(value) ? value.filter((v): v is string | number => v !== null).map(String) : [];
    const error = join(issues?.value, issues?.value0, issues?.value1);
    const toValue = (items: string[]) => (field.kind === "age" ? items.map(Number).filter(Number.isFinite) : items);
    if (choices && !free) {
      return (
        <MultiSelect
          label={t.values}
          data={withCurrent(choices, list)}
          value={list}
          onChange={onChange}
          searchable
          limit={80}
          error={error}
          hidePickedOptions
        />
      );
    }
    return (
      <TagsInput
        label={t.values}
        placeholder={list.length === 0 ? t.typeToAdd : undefined}
        data={choices ?? []}
        value={list}
        onChange={(items) => onChange(toValue(items))}
        limit={80}
        error={error}
        clearable
      />
    );
  }

  if (op === "between") {
    const [from, to] = Array.isArray(value) ? value : [null, null];
    const set = (index: 0 | 1, next: string | number | null) => onChange(index === 0 ? [next, to ?? null] : [from ?? null, next]);
    return (
      // Side by side where there is room, one above the other in a narrow (nested) row.
      <Group gap="xs" align="flex-start" wrap="wrap">
        <Box style={{ flex: "1 1 110px" }}>
          <Scalar label={t.from} kind={field.kind} value={from ?? null} onChange={(v) => set(0, v)} error={join(issues?.value0, issues?.value)} language={language} />
        </Box>
        <Box style={{ flex: "1 1 110px" }}>
          <Scalar label={t.to} kind={field.kind} value={to ?? null} onChange={(v) => set(1, v)} error={join(issues?.value1)} language={language} />
        </Box>
      </Group>
    );
  }

  const scalar = Array.isArray(value) || typeof value === "boolean" ? null : value;
  const error = join(issues?.value, issues?.value0, issues?.value1);
  if (op !== "startsWith" && choices) {
    if (free) {
      return <Autocomplete label={t.value} data={choices} value={scalar === null ? "" : String(scalar)} onChange={onChange} limit={80} error={error} />;
    }
    return (
      <Select
        label={t.value}
        data={withCurrent(choices, scalar === null ? [] : [String(scalar)])}
        value={scalar === null ? null : String(scalar)}
        onChange={onChange}
        searchable
        limit={80}
        allowDeselect={false}
        error={error}
      />
    );
  }
  return <Scalar label={t.value} kind={field.kind} value={scalar} onChange={onChange} error={error} language={language} />;
}

/** One date, number or text. */
function Scalar(props: {
  label: string;
  kind: FieldInfo["kind"];
  value: string | number | null;
  onChange(value: string | number | null): void;
  error: string | undefined;
  language: string;
}) {
  const t = useTexts(ruleTexts);
  const { label, kind, value, onChange, error } = props;
  if (kind === "date") {
    return (
      // No red weekends and no greyed days of other months: both fall below 4.5:1 contrast.
      <DatesProvider settings={{ locale: props.language === "nb" ? "nb" : "en", firstDayOfWeek: 1, weekendDays: [] }}>
        <DateInput
          label={label}
          value={typeof value === "string" && value !== "" ? value : null}
          onChange={(next) => onChange(next)}
          valueFormat="DD.MM.YYYY"
          dateParser={parseDate}
          placeholder={t.datePlaceholder}
          ariaLabels={t.calendar}
          hideOutsideDates
          allowDeselect
          error={error}
        />
      </DatesProvider>
    );
  }
  if (kind === "age") {
    return (
      <NumberInput
        label={label}
        value={typeof value === "number" ? value : ""}
        onChange={(next) => onChange(typeof next === "number" ? next : null)}
        min={0}
        max={150}
        allowDecimal={false}
        allowNegative={false}
        error={error}
      />
    );
  }
  const digits = kind === "postcode" || kind === "municipality";
  return (
    <TextInput
      label={label}
      value={value === null ? "" : String(value)}
      onChange={(event) => onChange(event.currentTarget.value)}
      inputMode={digits ? "numeric" : undefined}
      maxLength={digits ? 4 : 200}
      error={error}
    />
  );
}

/** "31.12.2026", "1.2.2026" or "2026-12-31" → "2026-12-31"; anything else is no date. */
export function parseDate(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const nordic = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : nordic ? [nordic[3], nordic[2], nordic[1]] : [];
  if (!year || !month || !day) return null;
  const out = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const date = new Date(`${out}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== out ? null : out;
}

/** What a field's value can be picked from; null when it is typed. */
function useChoices(field: FieldInfo, options: Options | undefined): Choice[] | null {
  const vocabulary = useVocabulary();
  switch (field.kind) {
    case "status":
      return vocabulary.options("memberStatus", options?.status);
    case "language":
      return vocabulary.options("language", options?.language);
    case "sector":
      return vocabulary.options("sector", options?.sector);
    case "county":
      return (options?.counties ?? []).map((c) => ({ value: c.number, label: c.name }));
    case "municipality":
      return (options?.municipalities ?? []).map((m) => ({ value: m.number, label: m.name ? `${m.number} ${m.name}` : m.number }));
    default:
      return field.name === "employment.agreement" ? (options?.agreements ?? []).map((a) => ({ value: a, label: a })) : null;
  }
}

/** A stored value the list does not offer (a county written by name, an old agreement) still shows. */
function withCurrent(choices: Choice[], current: string[]): Choice[] {
  const known = new Set(choices.map((c) => c.value));
  const missing = current.filter((v) => !known.has(v));
  return missing.length === 0 ? choices : [...choices, ...missing.map((v) => ({ value: v, label: v }))];
}
