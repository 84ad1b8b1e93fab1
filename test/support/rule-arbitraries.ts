// Random segment rules for property tests: conditions on every field with each of its operators,
// nested in all/any/not. The values come from the caller, so each test draws them from the pools
// its own generated members use (and the rules actually select some of them).
import fc from "fast-check";
import { FIELDS, FIELD_NAMES, type FieldName, type Operator } from "../../src/segments/fields.ts";
import { validateRule, type Rule } from "../../src/segments/rules.ts";

export type ScalarArbitrary = (field: FieldName, op: Operator) => fc.Arbitrary<string | number>;

/** Valid rules (the rule schema accepts them) over the given values. */
export function validRules(scalarArb: ScalarArbitrary): fc.Arbitrary<Rule> {
  const conditionArb: fc.Arbitrary<Rule> = fc.constantFrom(...FIELD_NAMES).chain((field) =>
    fc.constantFrom(...FIELDS[field].ops).chain((op): fc.Arbitrary<Rule> => {
      const one = scalarArb(field, op);
      switch (op) {
        case "exists": return fc.boolean().map((value) => ({ field, op, value }));
        case "in": case "notIn": return fc.array(one, { minLength: 1, maxLength: 3 }).map((value) => ({ field, op, value }));
        case "between": return fc.tuple(one, one).map(([a, b]) => ({ field, op, value: a <= b ? [a, b] : [b, a] }));
        default: return one.map((value) => ({ field, op, value }));
      }
    }),
  );
  const { rule } = fc.letrec<{ rule: Rule }>((tie) => ({
    rule: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      conditionArb,
      fc.array(tie("rule"), { minLength: 1, maxLength: 3 }).map((all) => ({ all })),
      fc.array(tie("rule"), { minLength: 1, maxLength: 3 }).map((any) => ({ any })),
      tie("rule").map((not) => ({ not })),
    ),
  }));
  return rule.filter((r) => validateRule(r).ok);
}
