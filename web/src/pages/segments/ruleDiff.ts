// Rules as readable lines ("Fylke er en av Oslo, Vestland", indented under their group) and a
// line diff of two of them, so a version's changes read as conditions added and removed.
import type { Rule } from "../../../../src/segments/rules.ts";

type Condition = Extract<Rule, { field: unknown }>;

export interface RuleWords {
  group(kind: "all" | "any" | "not"): string;
  condition(condition: Condition): string;
}

/** One line per group heading and per condition, indented two spaces per level. */
export function describeRule(rule: Rule, words: RuleWords, depth = 0): string[] {
  const indent = "  ".repeat(depth);
  if ("all" in rule) return [`${indent}${words.group("all")}:`, ...rule.all.flatMap((r) => describeRule(r, words, depth + 1))];
  if ("any" in rule) return [`${indent}${words.group("any")}:`, ...rule.any.flatMap((r) => describeRule(r, words, depth + 1))];
  if ("not" in rule) return [`${indent}${words.group("not")}:`, ...describeRule(rule.not, words, depth + 1)];
  return [`${indent}${words.condition(rule)}`];
}

export type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** The shortest edit from `before` to `after` by longest common subsequence (rules are short). */
export function diffLines(before: readonly string[], after: readonly string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (before[i] === after[j]) {
      out.push({ kind: "same", text: before[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
      out.push({ kind: "removed", text: before[i++]! });
    } else {
      out.push({ kind: "added", text: after[j++]! });
    }
  }
  while (i < n) out.push({ kind: "removed", text: before[i++]! });
  while (j < m) out.push({ kind: "added", text: after[j++]! });
  return out;
}
