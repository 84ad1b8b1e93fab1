// Step 4: the content: a saved template with the campaign's purpose, and which channels it has
// content for (a channel without content cannot be sent).
import { Alert, Badge, Group, Select, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { TemplateSummarySchema } from "../../../../../src/contracts/templates.ts";
import { api } from "../../../api/client.ts";
import { useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { messageFor, type StepProps } from "./stepProps.ts";
import { wizardTexts } from "./texts.ts";

type TemplateSummary = z.infer<typeof TemplateSummarySchema>;

export function ContentStep(props: StepProps) {
  const t = useTexts(wizardTexts);
  const { label } = useVocabulary();
  const { draft } = props;
  const templates = useQuery({
    queryKey: ["templates", "list", 500],
    queryFn: ({ signal }) => api<{ items: TemplateSummary[] }>("/templates", { query: { limit: 500 }, signal }),
    staleTime: 60_000,
  });
  const purpose = label("purpose", draft.purpose);
  const fitting = (templates.data?.items ?? []).filter((tpl) => tpl.purpose === draft.purpose && tpl.latestVersionId !== null);
  const chosen = fitting.find((tpl) => tpl.id === draft.templateId);
  const missing = chosen ? draft.channels.filter((c) => !chosen.channels.includes(c)) : [];
  return (
    <Stack maw={560}>
      {draft.content && draft.templateId === null ? <Alert color="gray">{t.inlineContent}</Alert> : null}
      {templates.isSuccess && fitting.length === 0 ? <Alert color="yellow">{t.noTemplates(purpose)}</Alert> : null}
      <Select
        label={t.template}
        description={t.templateHint(purpose)}
        required
        searchable
        data={fitting.map((tpl) => ({ value: String(tpl.id), label: `${tpl.name} (${tpl.channels.map((c) => label("channel", c)).join(", ")})` }))}
        value={draft.templateId === null ? null : String(draft.templateId)}
        onChange={(value) => props.update({ templateId: value === null ? null : Number(value) })}
        error={messageFor(t, props, ["template"], "body.templateId") ?? messageFor(t, props, [], "body.content")}
      />
      {chosen ? (
        <Group gap="xs">
          <Text size="sm">{t.templateChannels}</Text>
          {chosen.channels.map((c) => (
            <Badge key={c} variant="light">{label("channel", c)}</Badge>
          ))}
        </Group>
      ) : null}
      {missing.length > 0 ? <Alert color="yellow">{t.templateMissing(missing.map((c) => label("channel", c).toLowerCase()).join(", "))}</Alert> : null}
    </Stack>
  );
}
