// The rule editor's working copy: a tree of groups and conditions with ids, where a condition
// may still lack a field or a value. `toRule` turns it into the stored rule format, leaving out
// what is not filled in yet, and records which tree node each JSON path of that rule came from,
// so a server message at `rules.all[1].value` can be shown at the condition it is about.
import type { SegmentFields } from "../../../../src/contracts/segments.ts";
import type { Rule } from "../../../../src/segments/rules.ts";

export type FieldInfo = SegmentFields["fields"][number];
export type FieldName = FieldInfo["name"];
export type Operator = FieldInfo["ops"][number];
export type ValueKind = FieldInfo["kind"];
export type GroupKind = "all" | "any" | "not";
type Condition = Extract<Rule, { field: unknown }>;

/** A value being edited: list items and `between` ends may still be empty (null or ""). */
export type DraftValue = string | number | boolean | null | Array<string | number | null>;

export interface DraftCondition {
  id: string;
  type: "condition";
  field: FieldName | null;
  op: Operator | null;
  value: DraftValue;
}

export interface DraftGroup {
  id: string;
  type: "group";
  kind: GroupKind;
  /** A `not` group holds at most one child. */
  children: DraftNode[];
  /**
   * The root made up to edit a rule that is not an all/any group (a lone condition or a `not`):
   * while it holds one child and is still "all", the rule is that child alone, as stored.
   */
  implicit?: boolean;
}

export type DraftNode = DraftCondition | DraftGroup;

let serial = 0;
const nextId = () => `n${++serial}`;

export function newCondition(): DraftCondition {
  return { id: nextId(), type: "condition", field: null, op: null, value: null };
}

export function newGroup(kind: GroupKind = "all", children: DraftNode[] = []): DraftGroup {
  return { id: nextId(), type: "group", kind, children };
}

/** The working copy of a stored rule; always a group at the root, so there is somewhere to add. */
export function fromRule(rule: Rule | null): DraftGroup {
  if (rule === null) return newGroup("all");
  const node = toDraft(rule);
  if (node.type === "group" && node.kind !== "not") return node;
  return { ...newGroup("all", [node]), implicit: true };
}

function toDraft(rule: Rule): DraftNode {
  if ("all" in rule) return newGroup("all", rule.all.map(toDraft));
  if ("any" in rule) return newGroup("any", rule.any.map(toDraft));
  if ("not" in rule) return newGroup("not", [toDraft(rule.not)]);
  const value = Array.isArray(rule.value) ? [...rule.value] : rule.value;
  return { id: nextId(), type: "condition", field: rule.field, op: rule.op, value };
}

export interface Emitted {
  /** The rule with incomplete conditions and empty groups left out; null when nothing is left. */
  rule: Rule | null;
  /** JSON path of each emitted node (`""` is the rule itself, `all[1].any[0]`) → node id. */
  paths: Map<string, string>;
  /** Ids of conditions that are not filled in yet and of groups with nothing in them. */
  incomplete: Set<string>;
}

export function toRule(root: DraftGroup): Emitted {
  const paths = new Map<string, string>();
  const incomplete = new Set<string>();
  const emit = (node: DraftNode, path: Array<string | number>): Rule | null => {
    if (node.type === "condition") {
      const condition = completeCondition(node);
      if (!condition) {
        incomplete.add(node.id);
        return null;
      }
      paths.set(pathKey(path), node.id);
      return condition;
    }
    if (node.kind === "not") {
      const child = node.children[0];
      const inner = child ? emit(child, [...path, "not"]) : null;
      if (!inner) {
        if (!child) incomplete.add(node.id);
        return null;
      }
      paths.set(pathKey(path), node.id);
      return { not: inner };
    }
    const kept: Rule[] = [];
    for (const child of node.children) {
      const rule = emit(child, [...path, node.kind, kept.length]);
      if (rule) kept.push(rule);
    }
    if (kept.length === 0) {
      if (node.children.length === 0) incomplete.add(node.id);
      return null;
    }
    paths.set(pathKey(path), node.id);
    return node.kind === "all" ? { all: kept } : { any: kept };
  };
  const only = root.children[0];
  const rule = root.implicit && root.kind === "all" && root.children.length === 1 && only ? emit(only, []) : emit(root, []);
  // An empty root is simply "no rule yet", not a problem to point at.
  incomplete.delete(root.id);
  return { rule, paths, incomplete };
}

const filled = (v: unknown): v is string | number => (typeof v === "string" && v.trim() !== "") || (typeof v === "number" && Number.isFinite(v));

/** The condition as stored, or null while its field, operator or value is missing. */
export function completeCondition(node: DraftCondition): Condition | null {
  const { field, op, value } = node;
  if (field === null || op === null) return null;
  switch (op) {
    case "exists":
      return typeof value === "boolean" ? { field, op, value } : null;
    case "in":
    case "notIn":
      return Array.isArray(value) && value.length > 0 && value.every(filled) ? { field, op, value: value.filter(filled) } : null;
    case "between":
      return Array.isArray(value) && value.length === 2 && value.every(filled) ? { field, op, value: value.filter(filled) } : null;
    default:
      return filled(value) ? { field, op, value: typeof value === "string" ? value.trim() : value } : null;
  }
}

/** `["all", 1, "value"]` → `all[1].value`, as the server writes paths. */
export function pathKey(path: ReadonlyArray<string | number>): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  return out;
}

function pathTokens(path: string): Array<string | number> {
  const tokens: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) tokens.push(match[2] !== undefined ? Number(match[2]) : match[1]!);
  return tokens;
}

export type IssuePart = "field" | "op" | "value" | "value0" | "value1" | "node";
export type NodeIssues = Partial<Record<IssuePart, string[]>>;

/**
 * Places each issue at the tree node its path points into (the longest emitted path that
 * prefixes it) and at the part of a condition it names. Paths are the server's, e.g.
 * `rules.all[1].value`; `prefix` is what comes before the rule (`rules`).
 */
export function locateIssues(
  issues: ReadonlyArray<{ path: string; message: string }>,
  paths: ReadonlyMap<string, string>,
  prefix: string,
): Map<string, NodeIssues> {
  const prefixTokens = pathTokens(prefix);
  const located = new Map<string, NodeIssues>();
  for (const issue of issues) {
    const tokens = pathTokens(issue.path);
    if (!prefixTokens.every((p, i) => tokens[i] === p)) continue;
    const inner = tokens.slice(prefixTokens.length);
    for (let n = inner.length; n >= 0; n--) {
      const id = paths.get(pathKey(inner.slice(0, n)));
      if (id === undefined) continue;
      const rest = inner.slice(n);
      const part: IssuePart =
        rest[0] === "field" || rest[0] === "op" ? rest[0]
        : rest[0] === "value" ? (rest[1] === 1 ? "value1" : rest[1] === 0 ? "value0" : "value")
        : "node";
      const entry = located.get(id) ?? {};
      (entry[part] ??= []).push(issue.message);
      located.set(id, entry);
      break;
    }
  }
  return located;
}

// --- Changes to the tree (pure: each returns a new root) ---

export function updateNode(root: DraftGroup, id: string, change: (node: DraftNode) => DraftNode): DraftGroup {
  const visit = (node: DraftNode): DraftNode => {
    if (node.id === id) return change(node);
    if (node.type === "condition") return node;
    const children = node.children.map(visit);
    return children.every((c, i) => c === node.children[i]) ? node : { ...node, children };
  };
  return visit(root) as DraftGroup;
}

export function removeNode(root: DraftGroup, id: string): DraftGroup {
  const visit = (group: DraftGroup): DraftGroup => {
    const children = group.children.filter((c) => c.id !== id).map((c) => (c.type === "group" ? visit(c) : c));
    return children.length === group.children.length && children.every((c, i) => c === group.children[i]) ? group : { ...group, children };
  };
  return visit(root);
}

export function addChild(root: DraftGroup, groupId: string, child: DraftNode): DraftGroup {
  return updateNode(root, groupId, (node) => (node.type === "group" ? { ...node, children: [...node.children, child] } : node));
}

/** A `not` holds one rule: turning a group of several into `not` keeps them together as "all". */
export function setGroupKind(group: DraftGroup, kind: GroupKind): DraftGroup {
  if (kind === group.kind) return group;
  if (kind === "not" && group.children.length > 1) return { ...group, kind, children: [newGroup("all", group.children)] };
  return { ...group, kind };
}

/** A new field keeps the operator if the field accepts it (and the value if the kind is the same). */
export function setField(condition: DraftCondition, field: FieldInfo, previous: FieldInfo | undefined): DraftCondition {
  const op = condition.op !== null && field.ops.includes(condition.op) ? condition.op : field.ops[0]!;
  const sameKind = previous !== undefined && previous.kind === field.kind;
  return { ...condition, field: field.name, op, value: sameKind && op === condition.op ? condition.value : initialValue(op) };
}

/** Keeps what can be kept of the value: one item of a list, the start of a range. */
export function setOperator(condition: DraftCondition, op: Operator): DraftCondition {
  const value = condition.value;
  const first = Array.isArray(value) ? (value[0] ?? null) : typeof value === "boolean" ? null : value;
  let next: DraftValue;
  if (op === "exists") next = typeof value === "boolean" ? value : true;
  else if (op === "in" || op === "notIn") next = Array.isArray(value) && condition.op !== "between" ? value : first === null ? [] : [first];
  else if (op === "between") next = condition.op === "between" ? value : [first, null];
  else next = first;
  return { ...condition, op, value: next };
}

function initialValue(op: Operator): DraftValue {
  if (op === "exists") return true;
  if (op === "in" || op === "notIn") return [];
  if (op === "between") return [null, null];
  return null;
}

/**
 * A light shape check of pasted JSON, so the tree can show it; the server checks values and
 * operators (the preview right after reports them at their conditions).
 */
export function parseRuleShape(input: unknown, fields: ReadonlySet<string>): { rule: Rule } | { error: string } {
  const check = (node: unknown, path: string): string | null => {
    const at = path || "(regel)";
    if (typeof node !== "object" || node === null || Array.isArray(node)) return `${at}: må være en gruppe eller en betingelse`;
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    for (const kind of ["all", "any"] as const) {
      if (kind in record) {
        const list = record[kind];
        if (keys.length !== 1 || !Array.isArray(list)) return `${at}: {"${kind}": [...]} må være en liste og stå alene`;
        for (const [i, child] of list.entries()) {
          const problem = check(child, pathKey([...pathTokens(path), kind, i]));
          if (problem) return problem;
        }
        return null;
      }
    }
    if ("not" in record) return keys.length !== 1 ? `${at}: {"not": ...} må stå alene` : check(record.not, pathKey([...pathTokens(path), "not"]));
    if (typeof record.field !== "string" || !fields.has(record.field)) return `${at}: ukjent felt ${JSON.stringify(record.field)}`;
    if (typeof record.op !== "string") return `${at}: mangler "op"`;
    if (!("value" in record)) return `${at}: mangler "value"`;
    return null;
  };
  const problem = check(input, "");
  return problem ? { error: problem } : { rule: input as Rule };
}
