// The rule format (a stable public format, stored as JSON) and its validation.
// Validation walks the whole tree and reports every problem with its JSON path, so staff can
// fix a rule in one go; nothing else in this area accepts a rule that has not passed here.
import { DomainError } from "../errors.ts";
import { z } from "zod";
import { FIELDS, FIELD_NAMES, OPERATORS, isFieldName, isOperator, valueSchema, type FieldName, type Operator } from "./fields.ts";

export const MAX_DEPTH = 10;

export type ConditionValue = string | number | boolean | Array<string | number>;
export interface Condition {
  field: FieldName;
  op: Operator;
  value: ConditionValue;
}
export type Rule = { all: Rule[] } | { any: Rule[] } | { not: Rule } | Condition;

const ConditionValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);

/**
 * The rule format as a zod schema: this is what the API body and the stored JSON are. It checks
 * shape only; `validateRule` adds what depends on the field (operators, value types, depth)
 * and produces path-precise messages.
 */
export const RuleSchema: z.ZodType<Rule> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(RuleSchema).min(1) }),
    z.strictObject({ any: z.array(RuleSchema).min(1) }),
    z.strictObject({ not: RuleSchema }),
    z.strictObject({ field: z.enum(FIELD_NAMES), op: z.enum(OPERATORS), value: ConditionValueSchema }),
  ]),
);

export interface RuleIssue {
  /** JSON path such as `all[2].any[0].value`; empty for the rule itself. */
  path: string;
  message: string;
}

export type RuleValidation = { ok: true; rule: Rule } | { ok: false; issues: RuleIssue[] };

/** Thrown by functions that take rules (preview, save, snapshot) before any database work. */
export class RuleValidationError extends DomainError {
  constructor(issues: RuleIssue[]) {
    super("invalid", `Invalid segment rules:\n${issues.map((i) => `  ${i.path || "(rule)"}: ${i.message}`).join("\n")}`, issues);
    this.name = "RuleValidationError";
  }
}

export function formatPath(path: ReadonlyArray<string | number | symbol>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

const GROUP_KEYS = ["all", "any", "not"] as const;
const CONDITION_KEYS = ["field", "op", "value"] as const;

export function validateRule(input: unknown): RuleValidation {
  const issues: RuleIssue[] = [];
  const report = (path: Array<string | number>, message: string) => issues.push({ path: formatPath(path), message });

  const visit = (node: unknown, path: Array<string | number>, depth: number): void => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) {
      report(path, "must be a group ({all}, {any} or {not}) or a condition ({field, op, value})");
      return;
    }
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    const groupKeys = GROUP_KEYS.filter((k) => k in record);
    if (groupKeys.length > 0) {
      if (groupKeys.length > 1 || keys.length > 1) {
        report(path, `a group has exactly one key (all, any or not); found ${keys.join(", ")}`);
        return;
      }
      if (depth > MAX_DEPTH) {
        report(path, `nesting is deeper than ${MAX_DEPTH} groups`);
        return;
      }
      const key = groupKeys[0]!;
      const child = record[key];
      if (key === "not") return visit(child, [...path, key], depth + 1);
      if (!Array.isArray(child)) {
        report([...path, key], "must be a list of rules");
        return;
      }
      if (child.length === 0) {
        report([...path, key], "must not be an empty list");
        return;
      }
      child.forEach((item, i) => visit(item, [...path, key, i], depth + 1));
      return;
    }
    visitCondition(record, path);
  };

  const visitCondition = (record: Record<string, unknown>, path: Array<string | number>): void => {
    const unknownKeys = Object.keys(record).filter((k) => !(CONDITION_KEYS as readonly string[]).includes(k));
    for (const key of unknownKeys) report([...path, key], "is not allowed here (a condition has field, op and value)");
    const { field, op } = record;
    if (!("field" in record)) report(path, "a condition needs a field");
    else if (!isFieldName(field)) report([...path, "field"], `unknown field ${JSON.stringify(field)}; known fields: ${FIELD_NAMES.join(", ")}`);
    if (!("op" in record)) report(path, "a condition needs an op");
    else if (!isOperator(op)) report([...path, "op"], `unknown operator ${JSON.stringify(op)}; operators: ${OPERATORS.join(", ")}`);
    if (!("value" in record)) report(path, "a condition needs a value");
    if (!isFieldName(field) || !isOperator(op)) return;
    const def = FIELDS[field];
    if (!def.ops.includes(op)) {
      report([...path, "op"], `${field} does not accept ${op}; it accepts ${def.ops.join(", ")}`);
      return;
    }
    if (!("value" in record)) return;
    const parsed = valueSchema(def.kind, op).safeParse(record.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) report([...path, "value", ...issue.path.map(pathPart)], issue.message);
    }
  };

  visit(input, [], 1);
  if (issues.length > 0) return { ok: false, issues };
  // Belt and braces: the walker above is stricter than the schema, so this cannot fail.
  return { ok: true, rule: RuleSchema.parse(input) };
}

/** Validates or throws RuleValidationError. */
export function parseRule(input: unknown): Rule {
  const result = validateRule(input);
  if (!result.ok) throw new RuleValidationError(result.issues);
  return result.rule;
}

function pathPart(part: PropertyKey): string | number {
  return typeof part === "number" ? part : String(part);
}

export type RuleNode =
  | { kind: "all"; rules: Rule[] }
  | { kind: "any"; rules: Rule[] }
  | { kind: "not"; rule: Rule }
  | { kind: "condition"; condition: Condition };

/** Tags a rule so compiler and evaluator can switch exhaustively over its shape. */
export function classify(rule: Rule): RuleNode {
  if ("all" in rule) return { kind: "all", rules: rule.all };
  if ("any" in rule) return { kind: "any", rules: rule.any };
  if ("not" in rule) return { kind: "not", rule: rule.not };
  return { kind: "condition", condition: rule };
}
