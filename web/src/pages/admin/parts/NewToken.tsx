// "Nytt API-token": for which user, a name and how many days it lasts. The token is in the
// answer only: shown once here with a copy button, then gone (the server keeps only its hash).
import { Button, Group, Modal, NumberInput, Select, Stack, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../../api/client.ts";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { TOKENS_KEY, type CreatedTokenResult, type NewToken as NewTokenBody, type StaffUser } from "./api.ts";
import { shownPaths, unshownProblem, useFieldErrors } from "./fieldErrors.ts";
import { OneTimeSecret } from "./OneTimeSecret.tsx";
import { useCloseButtonProps } from "./closeLabel.ts";

const texts = defineTexts({
  nb: {
    open: "Nytt API-token", title: "Nytt API-token", createdTitle: "API-tokenet er opprettet", user: "Bruker",
    userHint: "Tokenet får denne brukerens rolle og tilgang.", name: "Navn", nameHint: "Hva tokenet brukes til, f.eks. «lønnsimport».",
    days: "Gyldig i antall dager", daysHint: "1–3650. La feltet stå tomt for et token uten utløpsdato.",
    cancel: "Avbryt", submit: "Opprett token", token: "API-token", copy: "Kopier tokenet",
    warningTitle: "Tokenet vises bare denne ene gangen",
    warning: "Kopier det nå og lagre det der skriptet eller systemet henter det. Budstikke lagrer bare et fingeravtrykk av tokenet og kan ikke vise det igjen.",
  },
  en: {
    open: "New API token", title: "New API token", createdTitle: "The API token was created", user: "User",
    userHint: "The token gets this user's role and access.", name: "Name", nameHint: "What the token is for, e.g. “payroll import”.",
    days: "Valid for days", daysHint: "1–3650. Leave empty for a token that does not expire.",
    cancel: "Cancel", submit: "Create token", token: "API token", copy: "Copy the token",
    warningTitle: "The token is shown only this once",
    warning: "Copy it now and store it where the script or system reads it. Budstikke keeps only a fingerprint of the token and cannot show it again.",
  },
});

/** Paths whose messages show at this form's fields. */
const SHOWN = shownPaths("userEmail", "name", "expiresDays");

export function NewToken({ users }: { users: StaffUser[] }) {
  const t = useTexts(texts);
  const [open, setOpen] = useState(false);
  const closeButtonProps = useCloseButtonProps();
  const [token, setToken] = useState<string | null>(null);
  const close = () => {
    setOpen(false);
    setToken(null);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t.open}</Button>
      <Modal closeButtonProps={closeButtonProps} opened={open} onClose={close} title={token ? t.createdTitle : t.title} centered size="lg" closeOnClickOutside={!token}>
        {open && !token && <NewTokenForm users={users} onCancel={close} onCreated={(result) => setToken(result.token)} />}
        {token && <OneTimeSecret label={t.token} value={token} warningTitle={t.warningTitle} warning={t.warning} copyLabel={t.copy} onDone={close} />}
      </Modal>
    </>
  );
}

function NewTokenForm({ users, onCancel, onCreated }: { users: StaffUser[]; onCancel(): void; onCreated(result: CreatedTokenResult): void }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const [userEmail, setUserEmail] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [days, setDays] = useState<number | string>(90);
  const create = useMutation({
    mutationFn: (body: NewTokenBody) => api<CreatedTokenResult>("/tokens", { method: "POST", body }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
      onCreated(result);
    },
  });
  const errors = useFieldErrors(create.error);
  // The API refuses tokens for disabled users.
  const options = users.filter((user) => !user.disabled).map((user) => ({ value: user.email, label: `${user.name} (${user.email})` }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!userEmail) return;
    create.mutate({ userEmail, ...(name.trim() ? { name: name.trim() } : {}), ...(typeof days === "number" ? { expiresDays: days } : {}) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label={t.user}
          description={t.userHint}
          required
          searchable
          data={options}
          value={userEmail}
          onChange={setUserEmail}
          error={errors.at("userEmail")}
          data-autofocus
        />
        <TextInput label={t.name} description={t.nameHint} maxLength={100} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.at("name")} />
        <NumberInput label={t.days} description={t.daysHint} min={1} max={3650} allowDecimal={false} allowNegative={false} value={days} onChange={setDays} error={errors.at("expiresDays")} />
        <ProblemAlert error={unshownProblem(create.error, SHOWN)} shownPaths={SHOWN} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t.cancel}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!userEmail}>
            {t.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
