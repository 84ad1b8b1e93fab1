// The words of the rule editor: field names, operators (some read better per kind: dates are
// "before" and "after", not "less" and "greater"), group kinds, and the editor's own texts.
// Shared by the tree editor, the version diff and the JSON view.
import { defineTexts } from "../../i18n/language.tsx";
import type { FieldName, GroupKind, Operator, ValueKind } from "./ruleTree.ts";

type FieldLabels = Record<FieldName, string>;

const fieldsNb: FieldLabels = {
  status: "Medlemsstatus",
  language: "Språk",
  branch: "Avdeling",
  joinedOn: "Innmeldt dato",
  birthDate: "Fødselsdato",
  age: "Alder",
  "employment.sector": "Sektor",
  "employment.agreement": "Tariffavtale",
  "employment.employerOrgNumber": "Arbeidsgivers org.nr.",
  "employment.employerName": "Arbeidsgiver",
  "employment.workplace": "Arbeidssted",
  "employment.position": "Stilling",
  "geo.county": "Fylke",
  "geo.municipality": "Kommune",
  "geo.postcode": "Postnummer",
  "contact.email": "Har e-post",
  "contact.mobile": "Har mobilnummer",
  "contact.address": "Har postadresse",
};

const fieldsEn: FieldLabels = {
  status: "Membership status",
  language: "Language",
  branch: "Branch",
  joinedOn: "Joined on",
  birthDate: "Date of birth",
  age: "Age",
  "employment.sector": "Sector",
  "employment.agreement": "Collective agreement",
  "employment.employerOrgNumber": "Employer org. no.",
  "employment.employerName": "Employer",
  "employment.workplace": "Workplace",
  "employment.position": "Position",
  "geo.county": "County",
  "geo.municipality": "Municipality",
  "geo.postcode": "Postcode",
  "contact.email": "Has email",
  "contact.mobile": "Has mobile number",
  "contact.address": "Has postal address",
};

type OperatorLabels = Record<Operator, string>;
const opsNb: OperatorLabels = {
  eq: "er", ne: "er ikke", in: "er en av", notIn: "er ingen av", startsWith: "starter med",
  gt: "større enn", gte: "minst", lt: "mindre enn", lte: "høyst", between: "mellom", exists: "finnes",
};
const opsEn: OperatorLabels = {
  eq: "is", ne: "is not", in: "is one of", notIn: "is none of", startsWith: "starts with",
  gt: "greater than", gte: "at least", lt: "less than", lte: "at most", between: "between", exists: "exists",
};
const dateOpsNb: Partial<OperatorLabels> = { gt: "etter", gte: "fra og med", lt: "før", lte: "til og med" };
const dateOpsEn: Partial<OperatorLabels> = { gt: "after", gte: "on or after", lt: "before", lte: "on or before" };
const contactOpsNb: Partial<OperatorLabels> = { exists: "er" };
const contactOpsEn: Partial<OperatorLabels> = { exists: "is" };

/** Groups of the field picker, so 18 fields read as four short lists. */
export const FIELD_GROUPS: Array<{ key: "member" | "work" | "place" | "contact"; fields: FieldName[] }> = [
  { key: "member", fields: ["status", "language", "branch", "joinedOn", "birthDate", "age"] },
  {
    key: "work",
    fields: [
      "employment.sector", "employment.agreement", "employment.employerName", "employment.employerOrgNumber",
      "employment.workplace", "employment.position",
    ],
  },
  { key: "place", fields: ["geo.county", "geo.municipality", "geo.postcode"] },
  { key: "contact", fields: ["contact.email", "contact.mobile", "contact.address"] },
];

export const ruleTexts = defineTexts({
  nb: {
    fields: fieldsNb,
    ops: opsNb,
    dateOps: dateOpsNb,
    contactOps: contactOpsNb,
    fieldGroups: { member: "Medlem", work: "Arbeid", place: "Bosted", contact: "Kontaktinformasjon" },
    groupKinds: { all: "Alle må gjelde", any: "Minst én må gjelde", not: "Ikke" } satisfies Record<GroupKind, string>,
    joiners: { all: "og", any: "eller", not: "" } satisfies Record<GroupKind, string>,
    groupKindLabel: "Type gruppe",
    group: (kind: string) => `Gruppe: ${kind}`,
    notHint: "Medlemmer som ikke passer regelen under.",
    field: "Felt",
    chooseField: "Velg felt",
    op: "Sammenligning",
    value: "Verdi",
    values: "Verdier",
    from: "Fra",
    to: "Til",
    yes: "Ja",
    no: "Nei",
    addCondition: "Legg til betingelse",
    addGroup: "Legg til gruppe",
    remove: "Fjern",
    removeCondition: (what: string) => `Fjern betingelse: ${what}`,
    removeGroup: "Fjern gruppe",
    newCondition: "ny betingelse",
    conditionLabel: (what: string) => `Betingelse: ${what}`,
    incomplete: "Ikke med i tellingen før betingelsen er fylt ut.",
    empty: "Ingen betingelser ennå: legg til en betingelse for å velge medlemmer.",
    emptyGroup: "Tom gruppe: legg til en betingelse, eller fjern gruppen.",
    loading: "Laster felt …",
    typeToAdd: "Skriv og trykk Enter",
    datePlaceholder: "dd.mm.åååå",
    calendar: {
      nextMonth: "Neste måned", previousMonth: "Forrige måned",
      nextYear: "Neste år", previousYear: "Forrige år", nextDecade: "Neste tiår", previousDecade: "Forrige tiår",
    },
    unknown: "Ukjent",
    exists: "finnes",
    existsNot: "finnes ikke",
    and: "og",
  },
  en: {
    fields: fieldsEn,
    ops: opsEn,
    dateOps: dateOpsEn,
    contactOps: contactOpsEn,
    fieldGroups: { member: "Member", work: "Work", place: "Residence", contact: "Contact details" },
    groupKinds: { all: "All must apply", any: "At least one must apply", not: "Not" },
    joiners: { all: "and", any: "or", not: "" },
    groupKindLabel: "Group type",
    group: (kind: string) => `Group: ${kind}`,
    notHint: "Members who do not match the rule below.",
    field: "Field",
    chooseField: "Choose a field",
    op: "Comparison",
    value: "Value",
    values: "Values",
    from: "From",
    to: "To",
    yes: "Yes",
    no: "No",
    addCondition: "Add condition",
    addGroup: "Add group",
    remove: "Remove",
    removeCondition: (what: string) => `Remove condition: ${what}`,
    removeGroup: "Remove group",
    newCondition: "new condition",
    conditionLabel: (what: string) => `Condition: ${what}`,
    incomplete: "Not counted until the condition is filled in.",
    empty: "No conditions yet: add a condition to select members.",
    emptyGroup: "Empty group: add a condition, or remove the group.",
    loading: "Loading fields …",
    typeToAdd: "Type and press Enter",
    datePlaceholder: "dd.mm.yyyy",
    calendar: {
      nextMonth: "Next month", previousMonth: "Previous month",
      nextYear: "Next year", previousYear: "Previous year", nextDecade: "Next decade", previousDecade: "Previous decade",
    },
    unknown: "Unknown",
    exists: "exists",
    existsNot: "does not exist",
    and: "and",
  },
});

export type RuleTexts = (typeof ruleTexts)["nb"];

/** The operator in words for a field of this kind. */
export function opLabel(t: RuleTexts, op: Operator, kind: ValueKind | undefined): string {
  if (kind === "date") return t.dateOps[op] ?? t.ops[op];
  if (kind === "contact") return t.contactOps[op] ?? t.ops[op];
  return t.ops[op];
}
