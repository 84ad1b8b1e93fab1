// One newsletter: its settings (template, sender name, schedule in Europe/Oslo, segment), its
// figures (confirmed subscribers, confirmations waiting), whether the latest slot was skipped and
// why, and its issues: prepare one, cancel it, or send it by hand as a draft campaign.
import { Alert, Anchor, Badge, Button, Code, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { z } from "zod";
import type { pageOf } from "../../../../src/contracts/common.ts";
import type { SegmentSummarySchema } from "../../../../src/contracts/segments.ts";
import type { TemplateSummarySchema } from "../../../../src/contracts/templates.ts";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import {
  issuesKey, newsletterKey, SKIPPED_SLOTS_KEY, useIssues, useNewsletter,
  type NewsletterDetail, type NewsletterIssue, type NewsletterSettings, type SentIssueResult,
} from "./newsletter/newsletterApi.ts";

type Templates = z.infer<ReturnType<typeof pageOf<typeof TemplateSummarySchema>>>;
type Segments = z.infer<ReturnType<typeof pageOf<typeof SegmentSummarySchema>>>;

const texts = defineTexts({
  nb: {
    subscribers: "Bekreftede abonnenter", pending: "Venter på bekreftelse", prepared: "Klare utgaver", next: "Neste utsending",
    noSchedule: "Ingen plan: utgaver sendes manuelt", skipped: (when: string, why: string) => `Utsendingen ${when} ble hoppet over: ${why}.`,
    settings: "Innstillinger", template: "Mal (formål nyhetsbrev)", sender: "Avsendernavn", schedule: "Plan (cron, norsk tid)",
    scheduleHint: "Fem felt: minutt time dag måned ukedag. «0 8 * * 1» er mandager kl. 08.00.", segment: "Bare abonnenter i segmentet",
    none: "Ingen", save: "Lagre innstillingene", saved: "Lagret.",
    issues: "Utgaver", newIssue: "Ny utgave", subject: "Emne", content: "Innhold", contentHint: "Ren tekst; tom linje skiller avsnitt.",
    prepare: "Legg klar", status: "Status", slot: "Utsending", campaign: "Kampanje", actions: "Handling",
    send: "Send nå som utkast", cancel: "Avbryt utgaven", noIssues: "Ingen utgaver ennå.", publicForm: "Påmeldingsskjema:",
  },
  en: {
    subscribers: "Confirmed subscribers", pending: "Waiting for confirmation", prepared: "Prepared issues", next: "Next slot",
    noSchedule: "No schedule: issues are sent by hand", skipped: (when: string, why: string) => `The slot ${when} was skipped: ${why}.`,
    settings: "Settings", template: "Template (purpose newsletter)", sender: "Sender name", schedule: "Schedule (cron, Oslo time)",
    scheduleHint: "Five fields: minute hour day month weekday. “0 8 * * 1” is Mondays at 08:00.", segment: "Only subscribers in the segment",
    none: "None", save: "Save the settings", saved: "Saved.",
    issues: "Issues", newIssue: "New issue", subject: "Subject", content: "Content", contentHint: "Plain text; a blank line separates paragraphs.",
    prepare: "Prepare", status: "Status", slot: "Slot", campaign: "Campaign", actions: "Action",
    send: "Send now as a draft", cancel: "Cancel the issue", noIssues: "No issues yet.", publicForm: "Subscribe form:",
  },
});

export default function NewsletterPage() {
  const id = Number(useParams().id);
  const query = useNewsletter(id);
  return <QueryState query={query}>{(newsletter) => <NewsletterView newsletter={newsletter} />}</QueryState>;
}

function NewsletterView({ newsletter }: { newsletter: NewsletterDetail }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { label } = useVocabulary();
  const { can } = useSession();
  const skip = newsletter.lastSkippedSlot;
  return (
    <>
      <PageHeader title={newsletter.name} />
      <Stack gap="md">
        <Text size="sm">
          {t.publicForm} <Code>/subscribe/{newsletter.slug}</Code>
        </Text>
        {skip && (
          <Alert color="yellow" role="status">
            {t.skipped(format.dateTime(skip.slotAt), label("newsletterSkipReason", skip.reason))}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          <Figure label={t.subscribers} value={format.number(newsletter.subscribers)} />
          <Figure label={t.pending} value={format.number(newsletter.pendingConfirmations)} />
          <Figure label={t.prepared} value={format.number(newsletter.preparedIssues)} />
          <Figure label={t.next} value={newsletter.nextSlotAt ? format.dateTime(newsletter.nextSlotAt) : t.noSchedule} />
        </SimpleGrid>
        {can("newsletters.write") && <SettingsForm newsletter={newsletter} />}
        <Issues newsletter={newsletter} />
      </Stack>
    </>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="gray.7">{label}</Text>
      <Text fw={600}>{value}</Text>
    </Paper>
  );
}

function SettingsForm({ newsletter }: { newsletter: NewsletterDetail }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const templates = useQuery({ queryKey: ["templates", "all"], queryFn: ({ signal }) => api<Templates>("/templates", { signal, query: { limit: 100 } }) });
  const segments = useQuery({ queryKey: ["segments", "all"], queryFn: ({ signal }) => api<Segments>("/segments", { signal, query: { limit: 100 } }) });
  const [templateId, setTemplateId] = useState(newsletter.templateId === null ? null : String(newsletter.templateId));
  const [senderName, setSenderName] = useState(newsletter.senderName ?? "");
  const [scheduleCron, setScheduleCron] = useState(newsletter.scheduleCron ?? "");
  const [segmentId, setSegmentId] = useState(newsletter.segmentId === null ? null : String(newsletter.segmentId));
  const save = useMutation({
    mutationFn: () => {
      const body: NewsletterSettings = {
        templateId: templateId === null ? null : Number(templateId),
        senderName: senderName.trim() === "" ? null : senderName.trim(),
        scheduleCron: scheduleCron.trim() === "" ? null : scheduleCron.trim(),
        segmentId: segmentId === null ? null : Number(segmentId),
      };
      return api<NewsletterDetail>(`/newsletters/${newsletter.id}`, { method: "PUT", body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["newsletters"] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const templateOptions = (templates.data?.items ?? []).filter((tpl) => tpl.purpose === "newsletter").map((tpl) => ({ value: String(tpl.id), label: tpl.name }));
  const segmentOptions = (segments.data?.items ?? []).map((s) => ({ value: String(s.id), label: s.name }));
  return (
    <Paper withBorder p="md" component="section" aria-label={t.settings}>
      <Title order={2} size="h4" mb="sm">{t.settings}</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select label={t.template} data={templateOptions} value={templateId} onChange={setTemplateId} clearable placeholder={t.none} />
          <TextInput label={t.sender} value={senderName} onChange={(e) => setSenderName(e.currentTarget.value)} maxLength={100} />
          <TextInput label={t.schedule} description={t.scheduleHint} value={scheduleCron} onChange={(e) => setScheduleCron(e.currentTarget.value)} />
          <Select label={t.segment} data={segmentOptions} value={segmentId} onChange={setSegmentId} clearable placeholder={t.none} />
          <ProblemAlert error={save.error} />
          {save.isSuccess && <Text role="status" size="sm">{t.saved}</Text>}
          <Group>
            <Button type="submit" loading={save.isPending}>{t.save}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Issues({ newsletter }: { newsletter: NewsletterDetail }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { label } = useVocabulary();
  const { can } = useSession();
  const query = useIssues(newsletter.id);
  const mayEdit = can("newsletters.issues");
  return (
    <Paper withBorder p="md" component="section" aria-label={t.issues}>
      <Title order={2} size="h4" mb="sm">{t.issues}</Title>
      {mayEdit && <PrepareIssue newsletterId={newsletter.id} />}
      <QueryState query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="gray.7">{t.noIssues}</Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table striped aria-label={t.issues}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t.subject}</Table.Th>
                    <Table.Th>{t.status}</Table.Th>
                    <Table.Th>{t.slot}</Table.Th>
                    <Table.Th>{t.campaign}</Table.Th>
                    {mayEdit && <Table.Th>{t.actions}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((issue) => (
                    <Table.Tr key={issue.id}>
                      <Table.Td>{issue.subject || "–"}</Table.Td>
                      <Table.Td>
                        <Badge color={issue.status === "skipped" ? "yellow" : issue.status === "sent" ? "green" : "gray"} variant={issue.status === "skipped" ? "filled" : "light"} autoContrast>
                          {label("newsletterIssueStatus", issue.status)}
                        </Badge>
                        {issue.reason && <Text size="xs">{label("newsletterSkipReason", issue.reason)}</Text>}
                      </Table.Td>
                      <Table.Td>{issue.slotAt ? format.dateTime(issue.slotAt) : "–"}</Table.Td>
                      <Table.Td>{issue.campaignId ? <Anchor component={Link} to={`/campaigns/${issue.campaignId}`}>#{issue.campaignId}</Anchor> : "–"}</Table.Td>
                      {mayEdit && <Table.Td>{issue.status === "prepared" && <IssueActions newsletterId={newsletter.id} issue={issue} />}</Table.Td>}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Paper>
  );
}

function PrepareIssue({ newsletterId }: { newsletterId: number }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState("");
  const [content, setContent] = useState("");
  const prepare = useMutation({
    mutationFn: () => api<NewsletterIssue>(`/newsletters/${newsletterId}/issues`, { method: "POST", body: { subject: subject.trim(), content: content.trim() } }),
    onSuccess: async () => {
      setSubject("");
      setContent("");
      await Promise.all([queryClient.invalidateQueries({ queryKey: issuesKey(newsletterId) }), queryClient.invalidateQueries({ queryKey: newsletterKey(newsletterId) })]);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    prepare.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t.newIssue}>
      <Stack mb="md">
        <TextInput label={t.subject} value={subject} onChange={(e) => setSubject(e.currentTarget.value)} required maxLength={200} />
        <Textarea label={t.content} description={t.contentHint} value={content} onChange={(e) => setContent(e.currentTarget.value)} required rows={6} />
        <ProblemAlert error={prepare.error} />
        <Group>
          <Button type="submit" loading={prepare.isPending}>{t.prepare}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function IssueActions({ newsletterId, issue }: { newsletterId: number; issue: NewsletterIssue }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const refresh = () => Promise.all([
    queryClient.invalidateQueries({ queryKey: issuesKey(newsletterId) }),
    queryClient.invalidateQueries({ queryKey: newsletterKey(newsletterId) }),
    queryClient.invalidateQueries({ queryKey: SKIPPED_SLOTS_KEY }),
  ]);
  const send = useMutation({
    mutationFn: () => api<SentIssueResult>(`/newsletters/${newsletterId}/issues/${issue.id}/send`, { method: "POST", body: {} }),
    onSuccess: async (result) => {
      await refresh();
      void navigate(`/campaigns/${result.campaignId}`);
    },
  });
  const cancel = useMutation({
    mutationFn: () => api<NewsletterIssue>(`/newsletters/${newsletterId}/issues/${issue.id}/cancel`, { method: "POST", body: {} }),
    onSuccess: refresh,
  });
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Button size="xs" onClick={() => send.mutate()} loading={send.isPending}>{t.send}</Button>
        <Button size="xs" variant="default" onClick={() => cancel.mutate()} loading={cancel.isPending}>{t.cancel}</Button>
      </Group>
      <ProblemAlert error={send.error ?? cancel.error} />
    </Stack>
  );
}
