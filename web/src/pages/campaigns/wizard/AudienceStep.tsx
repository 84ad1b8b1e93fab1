// Step 2: who gets it: a saved segment (its latest version) or the campaign's own rules, with
// the live count of members it selects now.
import { Alert, Group, Loader, Radio, Select, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import type { SegmentPage } from "../../../../../src/contracts/segments.ts";
import { api, ApiError, issuesAt } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { useTexts } from "../../../i18n/language.tsx";
import { RuleTreeEditor } from "../../segments/RuleTreeEditor.tsx";
import { messageFor, type StepProps } from "./stepProps.ts";
import { wizardTexts } from "./texts.ts";
import { useAudiencePreview, useAudienceRules } from "./useAudiencePreview.ts";

export function AudienceStep(props: StepProps) {
  const t = useTexts(wizardTexts);
  const { draft, update } = props;
  const { session } = useSession();
  return (
    <Stack>
      <Radio.Group label={t.audienceKind} value={draft.audience} onChange={(value) => update({ audience: value as "segment" | "rules" })}>
        <Group mt="xs">
          <Radio value="segment" label={t.bySegment} />
          <Radio value="rules" label={t.byRules} />
        </Group>
      </Radio.Group>
      {draft.audience === "segment" ? <SegmentSelect {...props} /> : <RulesEditor {...props} />}
      <AudienceCount {...props} />
      {session?.user.role === "steward" ? <Text size="sm" c="dimmed">{t.stewardScope}</Text> : null}
    </Stack>
  );
}

function SegmentSelect(props: StepProps) {
  const t = useTexts(wizardTexts);
  const segments = useQuery({
    queryKey: ["segments", "list", 500],
    queryFn: ({ signal }) => api<z.infer<typeof SegmentPage>>("/segments", { query: { limit: 500 }, signal }),
    staleTime: 60_000,
  });
  const items = segments.data?.items ?? [];
  if (segments.isSuccess && items.length === 0) return <Alert color="gray">{t.noSegments}</Alert>;
  return (
    <Select
      label={t.segment}
      required
      searchable
      maw={560}
      data={items.map((s) => ({ value: String(s.id), label: t.segmentOption(s.name, s.latestVersion) }))}
      value={props.draft.segmentId === null ? null : String(props.draft.segmentId)}
      onChange={(value) => {
        const chosen = items.find((s) => String(s.id) === value);
        props.update({ segmentId: chosen?.id ?? null, segmentVersion: chosen?.latestVersion ?? null });
      }}
      error={messageFor(t, props, ["segment"], "body.audience.segmentId") ?? issuesAt(props.saveError, "body.audience")[0]}
    />
  );
}

function RulesEditor(props: StepProps) {
  const t = useTexts(wizardTexts);
  const issues = props.saveError instanceof ApiError ? props.saveError.issues : [];
  const own = messageFor(t, props, ["rules", "rulesIncomplete"]);
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">{t.rulesHeading}</Title>
      <RuleTreeEditor
        value={props.draft.rules}
        onChange={(rules, { incomplete }) => props.update({ rules, rulesIncomplete: incomplete })}
        issues={issues}
        pathPrefix="body.audience.rules"
      />
      {own ? <Text c="red" size="sm" role="alert">{own}</Text> : null}
    </Stack>
  );
}

function AudienceCount(props: StepProps) {
  const t = useTexts(wizardTexts);
  const format = useFormat();
  const rules = useAudienceRules(props.draft);
  const preview = useAudiencePreview(rules);
  if (rules === null) return null;
  return (
    <Stack gap={2} aria-live="polite">
      {preview.data ? (
        <Group gap="xs">
          <Text fw={700} size="lg">{t.count(format.number(preview.data.count))}</Text>
          {preview.isFetching ? <Loader size="xs" aria-label={t.counting} /> : null}
        </Group>
      ) : preview.isError ? (
        <ProblemAlert error={preview.error} />
      ) : (
        <Text>{t.counting}</Text>
      )}
      <Text size="sm" c="dimmed">{t.countHint}</Text>
    </Stack>
  );
}
