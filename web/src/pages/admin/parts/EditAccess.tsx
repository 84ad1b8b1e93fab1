// "Endre tilgang": a user's role, and a steward's employers and branches. Either change ends the
// user's sessions (the server does so), hence the confirmation.
import { Select } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { patchUser, USERS_KEY, type StaffUser, type UserPatch } from "./api.ts";
import { ScopeFields, scopeIsEmpty, type ScopeValue } from "./ScopeFields.tsx";

const texts = defineTexts({
  nb: {
    open: "Endre tilgang", title: (name: string) => `Endre tilgang for ${name}`, role: "Rolle", confirm: "Lagre og logg ut brukeren",
    message: (name: string) => `Brukeren logges ut: 1 bruker (${name}) mister alle pågående økter og får den nye tilgangen ved neste innlogging. Brukerens API-tokens virker videre, med den nye tilgangen.`,
  },
  en: {
    open: "Change access", title: (name: string) => `Change access for ${name}`, role: "Role", confirm: "Save and log the user out",
    message: (name: string) => `The user is logged out: 1 user (${name}) loses every open session and gets the new access at the next login. The user's API tokens keep working, with the new access.`,
  },
});

type Role = StaffUser["role"];

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export function EditAccess({ user, disabled }: { user: StaffUser; disabled?: boolean }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const queryClient = useQueryClient();
  const [role, setRole] = useState<Role>(user.role);
  const [scope, setScope] = useState<ScopeValue>(user.scope);
  const steward = role === "steward";
  const scopeChanged = !sameList(scope.employers, user.scope.employers) || !sameList(scope.branches, user.scope.branches);
  const changed = role !== user.role || (steward && scopeChanged);
  const save = async () => {
    const patch: UserPatch = {
      ...(role !== user.role ? { role } : {}),
      ...(steward ? { employers: scope.employers, branches: scope.branches } : {}),
    };
    const updated = await patchUser(user.id, patch);
    setRole(updated.role);
    setScope(updated.scope);
    await queryClient.invalidateQueries({ queryKey: USERS_KEY });
  };
  return (
    <ConfirmAction
      label={t.open}
      title={t.title(user.name)}
      message={t.message(user.name)}
      confirmLabel={t.confirm}
      variant="default"
      disabled={disabled}
      onConfirm={save}
      ready={changed && !(steward && scopeIsEmpty(scope))}
    >
      <Select label={t.role} data={vocabulary.options("role")} value={role} onChange={(value) => value && setRole(value as Role)} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
      {steward && <ScopeFields value={scope} onChange={setScope} error={null} showEmpty />}
    </ConfirmAction>
  );
}
