// The working copy of rules without the UI: round trips, paths of issues, and the helpers of
// the JSON view, the date input and the version diff.
import { describe, expect, it } from "vitest";
import type { Rule } from "../../../../src/segments/rules.ts";
import { parseDate } from "./ConditionValueInput.tsx";
import { formatRule } from "./JsonPanel.tsx";
import { diffLines } from "./ruleDiff.ts";
import { addChild, fromRule, locateIssues, newCondition, parseRuleShape, setGroupKind, setOperator, toRule, type DraftGroup } from "./ruleTree.ts";

const RULES: Rule[] = [
  { field: "status", op: "eq", value: "active" },
  { not: { field: "contact.email", op: "exists", value: true } },
  { all: [{ field: "age", op: "between", value: [30, 39] }, { any: [{ field: "geo.county", op: "in", value: ["03", "Vestland"] }] }] },
  { any: [{ not: { all: [{ field: "employment.agreement", op: "eq", value: "Oslo, Akershus" }, { field: "joinedOn", op: "lt", value: "2020-01-01" }] } }] },
];

describe("the rule tree", () => {
  it("gives back every stored rule unchanged, lone conditions and not included", () => {
    for (const rule of RULES) expect(toRule(fromRule(rule)).rule).toEqual(rule);
    expect(toRule(fromRule(null)).rule).toBeNull();
  });

  it("leaves unfinished conditions and empty groups out, and counts them", () => {
    let root: DraftGroup = fromRule({ all: [{ field: "status", op: "eq", value: "active" }] });
    root = addChild(root, root.id, newCondition());
    const nested = { ...fromRule(null), kind: "any" as const };
    root = addChild(root, root.id, nested);
    const out = toRule(root);
    expect(out.rule).toEqual({ all: [{ field: "status", op: "eq", value: "active" }] });
    expect(out.incomplete.size).toBe(2);
  });

  it("places issues at the node and part their path names, skipping left-out nodes", () => {
    let root = fromRule({ all: [{ field: "status", op: "eq", value: "x" }] });
    root = { ...root, children: [newCondition(), ...root.children, ...fromRule({ any: [{ field: "age", op: "between", value: [40, 30] }] }).children.map((c) => ({ ...fromRule(null), kind: "any" as const, children: [c] }))] };
    const { paths, rule } = toRule(root);
    expect(rule).toEqual({ all: [{ field: "status", op: "eq", value: "x" }, { any: [{ field: "age", op: "between", value: [40, 30] }] }] });
    const located = locateIssues(
      [
        { path: "rules.all[0].value", message: "must be one of" },
        { path: "rules.all[1].any[0].value", message: "from must not be after to" },
        { path: "rules.all[1].any[0].value[1]", message: "too big" },
        { path: "rules", message: "whole rule" },
        { path: "name", message: "not ours" },
      ],
      paths,
      "rules",
    );
    const status = root.children[1]!.id;
    const age = (root.children[2] as DraftGroup).children[0]!.id;
    expect(located.get(status)).toEqual({ value: ["must be one of"] });
    expect(located.get(age)).toEqual({ value: ["from must not be after to"], value1: ["too big"] });
    expect(located.get(root.id)).toEqual({ node: ["whole rule"] });
    expect(located.size).toBe(3);
  });

  it("keeps what it can of a value when the operator changes, and wraps several rules in a not", () => {
    const condition = { id: "c", type: "condition" as const, field: "status" as const, op: "eq" as const, value: "active" };
    expect(setOperator(condition, "in").value).toEqual(["active"]);
    expect(setOperator({ ...condition, op: "in", value: ["a", "b"] }, "ne").value).toBe("a");
    expect(setOperator(condition, "between").value).toEqual(["active", null]);
    expect(setOperator(condition, "exists").value).toBe(true);
    const group = fromRule({ all: [{ field: "status", op: "eq", value: "a" }, { field: "age", op: "gte", value: 3 }] });
    expect(toRule(setGroupKind(group, "not")).rule).toEqual({ not: { all: [{ field: "status", op: "eq", value: "a" }, { field: "age", op: "gte", value: 3 }] } });
  });
});

describe("the JSON view", () => {
  it("writes each condition on one line and reads back as the same rule", () => {
    for (const rule of RULES) expect(JSON.parse(formatRule(rule))).toEqual(rule);
    expect(formatRule(RULES[2]!)).toContain('{ "field": "age", "op": "between", "value": [30, 39] }');
  });

  it("checks the shape of pasted rules", () => {
    const fields = new Set(["status"]);
    expect(parseRuleShape({ all: [{ field: "status", op: "eq", value: "a" }] }, fields)).toEqual({ rule: { all: [{ field: "status", op: "eq", value: "a" }] } });
    expect(parseRuleShape({ all: [{ field: "shoe", op: "eq", value: 1 }] }, fields)).toEqual({ error: expect.stringContaining("all[0]") });
    expect(parseRuleShape([], fields)).toEqual({ error: expect.any(String) });
  });
});

describe("helpers", () => {
  it("reads Norwegian and ISO dates and refuses impossible ones", () => {
    expect(parseDate("1.2.2026")).toBe("2026-02-01");
    expect(parseDate("31.12.2026")).toBe("2026-12-31");
    expect(parseDate("2026-02-28")).toBe("2026-02-28");
    expect(parseDate("30.02.2026")).toBeNull();
    expect(parseDate("i morgen")).toBeNull();
  });

  it("diffs lines as removed and added around what stayed", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c", "d"])).toEqual([
      { kind: "same", text: "a" }, { kind: "removed", text: "b" }, { kind: "added", text: "x" }, { kind: "same", text: "c" }, { kind: "added", text: "d" },
    ]);
  });
});
