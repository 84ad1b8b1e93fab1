// The rule as JSON, for experts: what the editor would save, formatted. It can be edited and
// applied ("Bruk") to replace the tree; the shape is checked here, values by the next preview.
import { Button, Group, JsonInput, Stack } from "@mantine/core";
import { useState } from "react";
import type { Rule } from "../../../../src/segments/rules.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { parseRuleShape } from "./ruleTree.ts";
import { useSegmentFields } from "./useSegmentFields.ts";

const texts = defineTexts({
  nb: {
    label: "Regel som JSON",
    description: "Slik lagres regelen. Du kan lime inn eller endre JSON og trykke «Bruk».",
    apply: "Bruk",
    reset: "Tilbakestill",
    notJson: "Ikke gyldig JSON",
    empty: "(ingen regel ennå)",
  },
  en: {
    label: "Rule as JSON",
    description: "This is how the rule is stored. You can paste or edit JSON and press “Apply”.",
    apply: "Apply",
    reset: "Reset",
    notJson: "Not valid JSON",
    empty: "(no rule yet)",
  },
});

export function JsonPanel({ rule, onApply, readOnly = false }: { rule: Rule | null; onApply(rule: Rule): void; readOnly?: boolean }) {
  const t = useTexts(texts);
  const catalog = useSegmentFields();
  const current = rule === null ? "" : formatRule(rule);
  // Text being edited; null while it simply shows the current rule.
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const text = draft ?? current;

  const apply = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      setProblem(t.notJson);
      return;
    }
    const fields = new Set<string>((catalog.data?.fields ?? []).map((f) => f.name));
    const result = parseRuleShape(parsed, fields);
    if ("error" in result) {
      setProblem(result.error);
      return;
    }
    setProblem(null);
    setDraft(null);
    onApply(result.rule);
  };

  return (
    <Stack gap="xs">
      <JsonInput
        label={t.label}
        description={readOnly ? undefined : t.description}
        value={text}
        placeholder={t.empty}
        onChange={(value) => {
          setDraft(value);
          setProblem(null);
        }}
        readOnly={readOnly}
        autosize
        wrap="off"
        minRows={4}
        maxRows={24}
        error={problem}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
      />
      {!readOnly && draft !== null && draft !== current && (
        <Group gap="xs">
          <Button size="xs" onClick={apply}>
            {t.apply}
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={() => {
              setDraft(null);
              setProblem(null);
            }}
          >
            {t.reset}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** Groups over several lines, each condition on one: a rule reads like the tree above it. */
export function formatRule(rule: Rule, depth = 0): string {
  const pad = "  ".repeat(depth + 1);
  const end = "  ".repeat(depth);
  if ("all" in rule || "any" in rule) {
    const [key, list] = "all" in rule ? ["all", rule.all] : ["any", rule.any];
    return `{\n${pad}"${key}": [\n${list.map((r) => `${pad}  ${formatRule(r, depth + 2)}`).join(",\n")}\n${pad}]\n${end}}`;
  }
  if ("not" in rule) return `{\n${pad}"not": ${formatRule(rule.not, depth + 1)}\n${end}}`;
  return `{ "field": ${JSON.stringify(rule.field)}, "op": ${JSON.stringify(rule.op)}, "value": ${formatValue(rule.value)} }`;
}

function formatValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]` : JSON.stringify(value);
}
