// Renaming a newsletter (the slug stays): a small dialog per row.
import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../../api/client.ts";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { NEWSLETTERS_KEY, type Newsletter } from "./api.ts";
import { shownPaths, unshownProblem, useFieldErrors } from "./fieldErrors.ts";
import { useCloseButtonProps } from "./closeLabel.ts";

const texts = defineTexts({
  nb: {
    open: "Gi nytt navn", openFor: (name: string) => `Gi nytt navn til ${name}`, title: "Gi nytt navn", name: "Navn",
    hint: (slug: string) => `Slugen «${slug}» endres ikke.`, cancel: "Avbryt", submit: "Lagre navnet",
  },
  en: {
    open: "Rename", openFor: (name: string) => `Rename ${name}`, title: "Rename", name: "Name",
    hint: (slug: string) => `The slug “${slug}” stays.`, cancel: "Cancel", submit: "Save the name",
  },
});

/** Paths whose messages show at this form's fields. */
const SHOWN = shownPaths("name");

export function RenameNewsletter({ newsletter }: { newsletter: Newsletter }) {
  const t = useTexts(texts);
  const [open, setOpen] = useState(false);
  const closeButtonProps = useCloseButtonProps();
  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpen(true)} aria-label={t.openFor(newsletter.name)}>
        {t.open}
      </Button>
      <Modal closeButtonProps={closeButtonProps} opened={open} onClose={() => setOpen(false)} title={t.title} centered>
        {open && <RenameForm newsletter={newsletter} onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function RenameForm({ newsletter, onDone }: { newsletter: Newsletter; onDone(): void }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const [name, setName] = useState(newsletter.name);
  const rename = useMutation({
    mutationFn: () => api<Newsletter>(`/newsletters/${newsletter.id}`, { method: "PUT", body: { name: name.trim() } }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: NEWSLETTERS_KEY });
      onDone();
    },
  });
  const errors = useFieldErrors(rename.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    rename.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t.name}
          description={t.hint(newsletter.slug)}
          required
          maxLength={200}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          error={errors.at("name")}
          data-autofocus
        />
        <ProblemAlert error={unshownProblem(rename.error, SHOWN)} shownPaths={SHOWN} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t.cancel}
          </Button>
          <Button type="submit" loading={rename.isPending} disabled={!name.trim() || name.trim() === newsletter.name}>
            {t.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
