// "Ny bruker": email, name, role, a steward's scope, and a password or none. Without a password
// the API answers a one-time setup link, shown here once (it lives only in this dialog's state).
import { Button, Group, Modal, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../../api/client.ts";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { USERS_KEY, type CreatedUserResult, type NewUser as NewUserBody, type StaffUser } from "./api.ts";
import { shownPaths, unshownProblem, useFieldErrors } from "./fieldErrors.ts";
import { OneTimeSecret } from "./OneTimeSecret.tsx";
import { SCOPE_PATHS, ScopeFields, scopeIsEmpty, type ScopeValue } from "./ScopeFields.tsx";
import { useCloseButtonProps } from "./closeLabel.ts";

const texts = defineTexts({
  nb: {
    open: "Ny bruker", title: "Ny bruker", linkTitle: "Engangslenke til ny bruker", email: "E-post", name: "Navn", role: "Rolle", password: "Passord",
    passwordHint: "Valgfritt. La feltet stå tomt, så får du en engangslenke som brukeren selv velger passord med (minst 12 tegn).",
    cancel: "Avbryt", submit: "Opprett bruker", created: (name: string) => `${name} er opprettet og kan logge inn.`,
    link: "Lenke for å velge passord", copy: "Kopier lenken",
    warningTitle: "Lenken vises bare én gang",
    warning: (name: string) => `Kopier lenken og gi den til ${name} på en trygg måte. Den virker i 72 timer og kan brukes én gang. Trenger brukeren en ny, må du be om en ny lenke.`,
  },
  en: {
    open: "New user", title: "New user", linkTitle: "One-time link for the new user", email: "Email", name: "Name", role: "Role", password: "Password",
    passwordHint: "Optional. Leave it empty to get a one-time link the user chooses a password with (at least 12 characters).",
    cancel: "Cancel", submit: "Create user", created: (name: string) => `${name} was created and can log in.`,
    link: "Link to choose a password", copy: "Copy the link",
    warningTitle: "The link is shown only once",
    warning: (name: string) => `Copy the link and give it to ${name} safely. It works for 72 hours and only once. If the user needs another, ask for a new link.`,
  },
});

type Role = StaffUser["role"];

/** Paths whose messages show at this form's fields. */
const SHOWN = shownPaths("email", "name", "role", "password", ...SCOPE_PATHS);

export function NewUser() {
  const t = useTexts(texts);
  const [open, setOpen] = useState(false);
  const closeButtonProps = useCloseButtonProps();
  const [created, setCreated] = useState<CreatedUserResult | null>(null);
  const close = () => {
    setOpen(false);
    // The link is gone for good once the dialog closes.
    setCreated(null);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t.open}</Button>
      <Modal closeButtonProps={closeButtonProps} opened={open} onClose={close} title={created?.setupLink ? t.linkTitle : t.title} centered size="lg" closeOnClickOutside={!created}>
        {open && !created && <NewUserForm onCancel={close} onCreated={(result) => (result.setupLink ? setCreated(result) : close())} />}
        {created?.setupLink && (
          <OneTimeSecret label={t.link} value={created.setupLink} warningTitle={t.warningTitle} warning={t.warning(created.user.name)} copyLabel={t.copy} onDone={close} />
        )}
      </Modal>
    </>
  );
}

function NewUserForm({ onCancel, onCreated }: { onCancel(): void; onCreated(result: CreatedUserResult): void }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const queryClient = useQueryClient();
  const closeButtonProps = useCloseButtonProps();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const [scope, setScope] = useState<ScopeValue>({ employers: [], branches: [] });
  const [password, setPassword] = useState("");
  const create = useMutation({
    mutationFn: (body: NewUserBody) => api<CreatedUserResult>("/users", { method: "POST", body }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      if (!result.setupLink) notifications.show({ color: "green", closeButtonProps, message: t.created(result.user.name) });
      onCreated(result);
    },
  });
  const errors = useFieldErrors(create.error);
  const [triedEmptyScope, setTriedEmptyScope] = useState(false);
  const steward = role === "steward";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (steward && scopeIsEmpty(scope)) {
      setTriedEmptyScope(true);
      return;
    }
    create.mutate({
      email: email.trim(), name: name.trim(), role,
      ...(steward ? { employers: scope.employers, branches: scope.branches } : {}),
      ...(password ? { password } : {}),
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t.email} type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.at("email")} data-autofocus />
        <TextInput label={t.name} required autoComplete="off" maxLength={200} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.at("name")} />
        <Select label={t.role} required data={vocabulary.options("role")} value={role} onChange={(value) => value && setRole(value as Role)} allowDeselect={false} error={errors.at("role")} />
        {steward && <ScopeFields value={scope} onChange={setScope} error={create.error} showEmpty={triedEmptyScope} />}
        <PasswordInput label={t.password} description={t.passwordHint} autoComplete="new-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.at("password")} />
        <ProblemAlert error={unshownProblem(create.error, SHOWN)} shownPaths={SHOWN} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t.cancel}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!email.trim() || !name.trim()}>
            {t.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
