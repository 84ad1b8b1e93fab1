// "Legg til sperring": suppress an address on a channel. The address goes to the API only (it is
// stored as a keyed hash); the note is for other staff and must not hold contact details.
import { Button, Group, Modal, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../../api/client.ts";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { SUPPRESSIONS_KEY, type AddedSuppressionResult, type AddSuppressionInput } from "./api.ts";
import { shownPaths, unshownProblem, useFieldErrors } from "./fieldErrors.ts";
import { useCloseButtonProps } from "./closeLabel.ts";

const texts = defineTexts({
  nb: {
    open: "Legg til sperring", title: "Legg til sperring", channel: "Kanal", address: "Adresse",
    emailHint: "E-postadressen som ikke skal få flere meldinger.", smsHint: "Mobilnummeret, f.eks. 912 34 567 eller +47 912 34 567.",
    reason: "Årsak", note: "Merknad", noteHint: "Valgfritt. Hvorfor, for andre ansatte. Ikke skriv kontaktopplysninger.",
    cancel: "Avbryt", submit: "Sperr adressen",
  },
  en: {
    open: "Add suppression", title: "Add suppression", channel: "Channel", address: "Address",
    emailHint: "The email address that should get no more messages.", smsHint: "The mobile number, e.g. 912 34 567 or +47 912 34 567.",
    reason: "Reason", note: "Note", noteHint: "Optional. Why, for other staff. Do not write contact details.",
    cancel: "Cancel", submit: "Suppress the address",
  },
});

type Channel = AddSuppressionInput["channel"];
type Reason = NonNullable<AddSuppressionInput["reason"]>;

/** Paths whose messages show at this form's fields. */
const SHOWN = shownPaths("channel", "address", "reason", "note");

export function AddSuppression({ onAdded }: { onAdded(result: AddedSuppressionResult): void }) {
  const t = useTexts(texts);
  const [open, setOpen] = useState(false);
  const closeButtonProps = useCloseButtonProps();
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t.open}</Button>
      <Modal closeButtonProps={closeButtonProps} opened={open} onClose={() => setOpen(false)} title={t.title} centered>
        {open && (
          <AddSuppressionForm
            onCancel={() => setOpen(false)}
            onAdded={(result) => {
              setOpen(false);
              onAdded(result);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function AddSuppressionForm({ onCancel, onAdded }: { onCancel(): void; onAdded(result: AddedSuppressionResult): void }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<Channel>("email");
  const [address, setAddress] = useState("");
  const [reason, setReason] = useState<Reason>("manual");
  const [note, setNote] = useState("");
  const add = useMutation({
    mutationFn: (body: AddSuppressionInput) => api<AddedSuppressionResult>("/suppressions", { method: "POST", body }),
    onSuccess: async (result) => {
      await queryClient.invalidateQueries({ queryKey: SUPPRESSIONS_KEY });
      onAdded(result);
    },
  });
  const errors = useFieldErrors(add.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ channel, address: address.trim(), reason, ...(note.trim() ? { note: note.trim() } : {}) });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label={t.channel}
          data={vocabulary.options("channel", ["email", "sms"])}
          value={channel}
          onChange={(value) => value && setChannel(value as Channel)}
          allowDeselect={false}
          error={errors.at("channel")}
        />
        <TextInput
          label={t.address}
          description={channel === "email" ? t.emailHint : t.smsHint}
          required
          type={channel === "email" ? "email" : "tel"}
          autoComplete="off"
          value={address}
          onChange={(event) => setAddress(event.currentTarget.value)}
          error={errors.at("address")}
          data-autofocus
        />
        <Select
          label={t.reason}
          data={vocabulary.options("suppressionReason")}
          value={reason}
          onChange={(value) => value && setReason(value as Reason)}
          allowDeselect={false}
          error={errors.at("reason")}
        />
        <Textarea label={t.note} description={t.noteHint} maxLength={200} autosize minRows={2} value={note} onChange={(event) => setNote(event.currentTarget.value)} error={errors.at("note")} />
        <ProblemAlert error={unshownProblem(add.error, SHOWN)} shownPaths={SHOWN} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t.cancel}
          </Button>
          <Button type="submit" loading={add.isPending} disabled={!address.trim()}>
            {t.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
