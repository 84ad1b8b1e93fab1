// A steward's scope: employer organisation numbers and branch codes, as tags. A steward needs at
// least one of them; the API checks the numbers (9 digits, valid check digit) and names each bad one.
import { Stack, TagsInput } from "@mantine/core";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useFieldErrors } from "./fieldErrors.ts";

const texts = defineTexts({
  nb: {
    employers: "Arbeidsgivere (organisasjonsnummer)", employersHint: "9 sifre. Trykk Enter etter hvert nummer.",
    branches: "Avdelinger (avdelingskode)", branchesHint: "Trykk Enter etter hver kode.",
    needOne: "En tillitsvalgt må ha minst én arbeidsgiver eller avdeling.",
  },
  en: {
    employers: "Employers (organisation number)", employersHint: "9 digits. Press Enter after each number.",
    branches: "Branches (branch code)", branchesHint: "Press Enter after each code.",
    needOne: "A shop steward needs at least one employer or branch.",
  },
});

export interface ScopeValue {
  employers: string[];
  branches: string[];
}

export function scopeIsEmpty(scope: ScopeValue): boolean {
  return scope.employers.length === 0 && scope.branches.length === 0;
}

/** The shown paths of these fields, for ProblemAlert. */
export const SCOPE_PATHS = ["scope", "employers", "branches"];

export function ScopeFields({ value, onChange, error, showEmpty }: { value: ScopeValue; onChange(next: ScopeValue): void; error: unknown; showEmpty?: boolean }) {
  const t = useTexts(texts);
  const errors = useFieldErrors(error);
  const employersError = errors.under("scope.employers") ?? errors.under("employers") ?? errors.at("scope") ?? (showEmpty && scopeIsEmpty(value) ? t.needOne : undefined);
  return (
    <Stack gap="sm">
      <TagsInput
        label={t.employers}
        description={t.employersHint}
        value={value.employers}
        onChange={(employers) => onChange({ ...value, employers: employers.map((e) => e.replace(/\s/g, "")) })}
        splitChars={[",", ";", " "]}
        acceptValueOnBlur
        clearable
        error={employersError}
      />
      <TagsInput
        label={t.branches}
        description={t.branchesHint}
        value={value.branches}
        onChange={(branches) => onChange({ ...value, branches })}
        splitChars={[",", ";", " "]}
        acceptValueOnBlur
        clearable
        error={errors.under("scope.branches") ?? errors.under("branches")}
      />
    </Stack>
  );
}
