// "Nytt nyhetsbrev": a name and a slug. The slug is fixed once created, so it is suggested from
// the name (until edited by hand) and its rule is stated beside it; the API's verdict shows there.
import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { api } from "../../../api/client.ts";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { NEWSLETTERS_KEY, type NewNewsletter, type Newsletter } from "./api.ts";
import { shownPaths, unshownProblem, useFieldErrors } from "./fieldErrors.ts";
import { useCloseButtonProps } from "./closeLabel.ts";

const texts = defineTexts({
  nb: {
    open: "Nytt nyhetsbrev", title: "Nytt nyhetsbrev", name: "Navn", slug: "Slug",
    slugHint: "1–40 tegn: små bokstaver a–z, sifre og bindestrek, og det første tegnet må være en bokstav eller et siffer. Kan ikke endres senere.",
    slugRule: "Bruk bare små bokstaver a–z, sifre og bindestrek (maks 40 tegn), og begynn med en bokstav eller et siffer.",
    cancel: "Avbryt", submit: "Opprett nyhetsbrev", created: (name: string) => `Nyhetsbrevet «${name}» er opprettet.`,
  },
  en: {
    open: "New newsletter", title: "New newsletter", name: "Name", slug: "Slug",
    slugHint: "1–40 characters: lowercase a–z, digits and hyphens, starting with a letter or digit. Cannot be changed later.",
    slugRule: "Use only lowercase a–z, digits and hyphens (at most 40), starting with a letter or digit.",
    cancel: "Cancel", submit: "Create newsletter", created: (name: string) => `The newsletter “${name}” was created.`,
  },
});

/** The slug rule of the contract (NewsletterSlug), checked as one types; the API checks it again. */
const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** "Tariffnytt for Østlandet" → "tariffnytt-for-ostlandet". */
/** Paths whose messages show at this form's fields. */
const SHOWN = shownPaths("name", "slug");

export function suggestSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
}

export function NewNewsletter() {
  const t = useTexts(texts);
  const [open, setOpen] = useState(false);
  const closeButtonProps = useCloseButtonProps();
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t.open}</Button>
      <Modal closeButtonProps={closeButtonProps} opened={open} onClose={() => setOpen(false)} title={t.title} centered>
        {open && <NewNewsletterForm onDone={() => setOpen(false)} />}
      </Modal>
    </>
  );
}

function NewNewsletterForm({ onDone }: { onDone(): void }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const closeButtonProps = useCloseButtonProps();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useMutation({
    mutationFn: (body: NewNewsletter) => api<Newsletter>("/newsletters", { method: "POST", body }),
    onSuccess: async (newsletter) => {
      await queryClient.invalidateQueries({ queryKey: NEWSLETTERS_KEY });
      notifications.show({ color: "green", closeButtonProps, message: t.created(newsletter.name) });
      onDone();
    },
  });
  const errors = useFieldErrors(create.error);
  const slugBroken = slug !== "" && !SLUG.test(slug);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), slug });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t.name}
          required
          maxLength={200}
          value={name}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setName(next);
            if (!slugEdited) setSlug(suggestSlug(next));
          }}
          error={errors.at("name")}
          data-autofocus
        />
        <TextInput
          label={t.slug}
          description={t.slugHint}
          required
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
          value={slug}
          onChange={(event) => {
            setSlug(event.currentTarget.value);
            setSlugEdited(true);
          }}
          error={(slugBroken ? t.slugRule : undefined) ?? errors.at("slug")}
        />
        <ProblemAlert error={unshownProblem(create.error, SHOWN)} shownPaths={SHOWN} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t.cancel}
          </Button>
          <Button type="submit" loading={create.isPending} disabled={!name.trim() || !slug || slugBroken}>
            {t.submit}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
