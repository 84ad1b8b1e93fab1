// A visual editor of segment rules: nested groups ("all must apply", "at least one", "not") of
// conditions, each condition a field, an operator and a value input fitting the field. It edits
// a working copy that may hold unfinished conditions and reports the rule as stored, without
// them; server messages are shown at the condition or group their path points to.
//
// Reusable wherever rules are edited (segments, a campaign's audience):
//   <RuleTreeEditor value={rule} onChange={(rule, { incomplete }) => …} issues={error.issues} />
// `value` seeds the tree and replaces it when it changes to something the editor did not emit
// (remount with a `key` to force a fresh start).
import { Alert, Box, Button, Group, Loader, Paper, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { useEffect, useMemo, useRef, useState } from "react";
import type { Rule } from "../../../../src/segments/rules.ts";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { useTexts } from "../../i18n/language.tsx";
import { ConditionValueInput } from "./ConditionValueInput.tsx";
import { FIELD_GROUPS, opLabel, ruleTexts } from "./ruleTexts.ts";
import {
  addChild, fromRule, locateIssues, newCondition, newGroup, removeNode, setField, setGroupKind, setOperator, toRule, updateNode,
  type DraftCondition, type DraftGroup, type DraftNode, type FieldInfo, type GroupKind, type NodeIssues,
} from "./ruleTree.ts";
import { useSegmentFields } from "./useSegmentFields.ts";

export interface RuleTreeEditorProps {
  /** The rule to edit (stored format); null for an empty start. */
  value: Rule | null;
  /**
   * Called with the rule as stored whenever it (or the number of unfinished conditions) changes.
   * Unfinished conditions and empty groups are left out of `rule`; `incomplete` counts them, so a
   * form can refuse to save while some remain. `rule` is null when nothing is filled in.
   */
  onChange(rule: Rule | null, info: { incomplete: number }): void;
  /** Problems from the API (`ApiError.issues`); those under `pathPrefix` are shown at their conditions. */
  issues?: ReadonlyArray<{ path: string; message: string }>;
  /** Where the rule sits in the request body the issues are about. @defaultValue "rules" */
  pathPrefix?: string;
}

interface Actions {
  change(id: string, change: (node: DraftNode) => DraftNode): void;
  remove(id: string): void;
  add(groupId: string, node: DraftNode): void;
}

interface Context {
  actions: Actions;
  fields: Map<string, FieldInfo>;
  options: ReturnType<typeof useSegmentFields>["data"];
  located: Map<string, NodeIssues>;
  incomplete: Set<string>;
}

export function RuleTreeEditor({ value, onChange, issues = [], pathPrefix = "rules" }: RuleTreeEditorProps) {
  const t = useTexts(ruleTexts);
  const catalog = useSegmentFields();
  const [root, setRoot] = useState(() => fromRule(value));
  const emitted = useMemo(() => toRule(root), [root]);
  // What the parent last heard from us: a `value` equal to it is our own echo, not a new rule.
  const reported = useRef(JSON.stringify({ rule: value, incomplete: emitted.incomplete.size }));
  const lastRule = useRef(JSON.stringify(value));
  const rootRef = useRef(root);
  rootRef.current = root;
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    const incoming = JSON.stringify(value);
    if (incoming === lastRule.current) return;
    lastRule.current = incoming;
    const next = fromRule(value);
    reported.current = JSON.stringify({ rule: value, incomplete: toRule(next).incomplete.size });
    setRoot(next);
  }, [value]);

  const apply = (next: DraftGroup) => {
    rootRef.current = next;
    setRoot(next);
    const { rule, incomplete } = toRule(next);
    const report = JSON.stringify({ rule, incomplete: incomplete.size });
    if (report === reported.current) return;
    reported.current = report;
    lastRule.current = JSON.stringify(rule);
    onChangeRef.current(rule, { incomplete: incomplete.size });
  };
  const actions: Actions = {
    change: (id, change) => apply(updateNode(rootRef.current, id, change)),
    remove: (id) => apply(removeNode(rootRef.current, id)),
    add: (groupId, node) => apply(addChild(rootRef.current, groupId, node)),
  };

  const fields = useMemo(() => new Map((catalog.data?.fields ?? []).map((f) => [f.name as string, f])), [catalog.data]);
  const located = useMemo(() => locateIssues(issues, emitted.paths, pathPrefix), [issues, emitted.paths, pathPrefix]);

  if (catalog.isPending) return <Loader size="sm" aria-label={t.loading} />;
  if (catalog.isError) return <ProblemAlert error={catalog.error} />;
  const context: Context = { actions, fields, options: catalog.data, located, incomplete: emitted.incomplete };
  return (
    <Box>
      {root.children.length === 0 && (
        <Alert color="gray" variant="light" mb="sm">
          {t.empty}
        </Alert>
      )}
      <GroupView group={root} isRoot context={context} />
    </Box>
  );
}

const KIND_COLOR: Record<GroupKind, string> = { all: "indigo", any: "teal", not: "red" };

function GroupView({ group, isRoot = false, context }: { group: DraftGroup; isRoot?: boolean; context: Context }) {
  const t = useTexts(ruleTexts);
  const { actions } = context;
  const messages = context.located.get(group.id)?.node;
  const full = group.kind === "not" && group.children.length >= 1;
  return (
    <Paper
      withBorder
      p="sm"
      role="group"
      aria-label={t.group(t.groupKinds[group.kind])}
      style={{ borderLeft: `4px solid var(--mantine-color-${KIND_COLOR[group.kind]}-6)` }}
    >
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
        <Box role="group" aria-label={t.groupKindLabel}>
          <SegmentedControl
            size="xs"
            value={group.kind}
            onChange={(kind) => actions.change(group.id, (node) => (node.type === "group" ? setGroupKind(node, kind as GroupKind) : node))}
            data={(["all", "any", "not"] as const).map((kind) => ({ value: kind, label: t.groupKinds[kind] }))}
          />
        </Box>
        {!isRoot && (
          <Button size="xs" variant="subtle" color="red" onClick={() => actions.remove(group.id)}>
            {t.removeGroup}
          </Button>
        )}
      </Group>
      {group.kind === "not" && (
        <Text size="sm" c="dimmed" mb="xs">
          {t.notHint}
        </Text>
      )}
      {messages && <ErrorText messages={messages} />}
      {!isRoot && group.children.length === 0 && (
        <Text size="sm" c="dimmed" mb="xs">
          {t.emptyGroup}
        </Text>
      )}
      <Stack gap={6}>
        {group.children.map((child, i) => (
          <Box key={child.id}>
            {i > 0 && t.joiners[group.kind] && (
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
                {t.joiners[group.kind]}
              </Text>
            )}
            {child.type === "group" ? <GroupView group={child} context={context} /> : <ConditionRow condition={child} context={context} />}
          </Box>
        ))}
      </Stack>
      {!full && (
        <Group gap="xs" mt="sm">
          <Button size="xs" variant="light" onClick={() => actions.add(group.id, newCondition())}>
            {t.addCondition}
          </Button>
          <Button size="xs" variant="default" onClick={() => actions.add(group.id, newGroup("any", [newCondition()]))}>
            {t.addGroup}
          </Button>
        </Group>
      )}
    </Paper>
  );
}

function ConditionRow({ condition, context }: { condition: DraftCondition; context: Context }) {
  const t = useTexts(ruleTexts);
  const { actions, fields } = context;
  const issues = context.located.get(condition.id);
  const field = condition.field ? fields.get(condition.field) : undefined;
  const join = (messages: string[] | undefined) => messages?.join(" ");
  const fieldData = useMemo(() => {
    const grouped = new Set<string>(FIELD_GROUPS.flatMap((g) => g.fields));
    const groups = FIELD_GROUPS.map((g) => ({
      group: t.fieldGroups[g.key],
      items: g.fields.filter((name) => fields.has(name)).map((name) => ({ value: name, label: t.fields[name] })),
    }));
    const others = [...fields.keys()].filter((name) => !grouped.has(name)).map((name) => ({ value: name, label: name }));
    return others.length > 0 ? [...groups, { group: "…", items: others }] : groups;
  }, [fields, t]);
  const change = (update: (c: DraftCondition) => DraftCondition) =>
    actions.change(condition.id, (node) => (node.type === "condition" ? update(node) : node));
  const what = field ? t.fields[field.name] : t.newCondition;
  const ops = field ? field.ops : condition.op ? [condition.op] : [];

  return (
    <Paper bg="gray.0" p="xs" radius="sm" role="group" aria-label={t.conditionLabel(what)}>
      <Group align="flex-start" gap="xs" wrap="nowrap">
        <Select
          label={t.field}
          placeholder={t.chooseField}
          data={fieldData}
          value={condition.field}
          onChange={(name) => {
            const next = name ? fields.get(name) : undefined;
            if (next) change((c) => setField(c, next, field));
          }}
          searchable
          allowDeselect={false}
          maxDropdownHeight={320}
          comboboxProps={{ width: 240, position: "bottom-start" }}
          style={{ flex: "1 1 150px", minWidth: 130 }}
          error={join(issues?.field)}
        />
        <Select
          label={t.op}
          data={ops.map((op) => ({ value: op, label: opLabel(t, op, field?.kind) }))}
          value={condition.op}
          onChange={(op) => {
            const next = ops.find((o) => o === op);
            if (next) change((c) => setOperator(c, next));
          }}
          disabled={!field}
          allowDeselect={false}
          comboboxProps={{ width: 170, position: "bottom-start" }}
          style={{ flex: "0 1 140px", minWidth: 110 }}
          error={join(issues?.op)}
        />
        <Box style={{ flex: "2 1 180px", minWidth: 150 }}>
          {field && condition.op ? (
            <ConditionValueInput
              condition={condition}
              field={field}
              options={context.options?.options}
              issues={issues}
              onChange={(value) => change((c) => ({ ...c, value }))}
            />
          ) : null}
        </Box>
        <Button
          variant="subtle"
          color="red"
          size="xs"
          mt={25}
          px={6}
          style={{ flexShrink: 0 }}
          aria-label={t.removeCondition(what)}
          onClick={() => actions.remove(condition.id)}
        >
          {t.remove}
        </Button>
      </Group>
      {issues?.node && <ErrorText messages={issues.node} />}
      {context.incomplete.has(condition.id) && (
        <Text size="xs" c="dimmed" mt={4}>
          {t.incomplete}
        </Text>
      )}
    </Paper>
  );
}

function ErrorText({ messages }: { messages: string[] }) {
  return (
    <Text size="sm" c="red.8" mb="xs" role="alert">
      {messages.join(" ")}
    </Text>
  );
}
