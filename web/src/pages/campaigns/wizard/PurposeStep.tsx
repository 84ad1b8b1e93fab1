// Step 1: the campaign's name and purpose (a steward only the purposes their role may send),
// and for a newsletter, which one.
import { Select, Stack, TextInput } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { NewsletterList } from "../../../../../src/contracts/admin.ts";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { PURPOSES, STEWARD_PURPOSES, type Purpose } from "./draft.ts";
import { messageFor, type StepProps } from "./stepProps.ts";
import { wizardTexts } from "./texts.ts";

export function PurposeStep(props: StepProps) {
  const t = useTexts(wizardTexts);
  const { options } = useVocabulary();
  const { session } = useSession();
  const steward = session?.user.role === "steward";
  const { draft, update } = props;
  return (
    <Stack maw={560}>
      <TextInput
        label={t.name}
        description={t.nameHint}
        required
        maxLength={200}
        value={draft.name}
        onChange={(e) => update({ name: e.currentTarget.value })}
        error={messageFor(t, props, ["name"], "body.name")}
      />
      <Select
        label={t.purpose}
        description={steward ? t.stewardPurposes : t.purposeHint}
        required
        data={options("purpose", steward ? STEWARD_PURPOSES : PURPOSES)}
        value={draft.purpose}
        onChange={(value) => update({ purpose: value as Purpose | null, templateId: null })}
        allowDeselect={false}
        error={messageFor(t, props, ["purpose"], "body.purpose")}
      />
      {draft.purpose === "newsletter" ? <NewsletterSelect {...props} /> : null}
    </Stack>
  );
}

function NewsletterSelect(props: StepProps) {
  const t = useTexts(wizardTexts);
  const newsletters = useQuery({
    queryKey: ["newsletters"],
    queryFn: ({ signal }) => api<z.infer<typeof NewsletterList>>("/newsletters", { signal }),
  });
  return (
    <Select
      label={t.newsletter}
      description={t.newsletterHint}
      required
      data={(newsletters.data?.items ?? []).map((n) => ({ value: String(n.id), label: n.name }))}
      value={props.draft.newsletterId === null ? null : String(props.draft.newsletterId)}
      onChange={(value) => props.update({ newsletterId: value === null ? null : Number(value) })}
      error={messageFor(t, props, ["newsletter"], "body.newsletterId")}
    />
  );
}
