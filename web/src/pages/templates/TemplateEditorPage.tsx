// The template editor: a new template (/templates/new) or a version of one (/templates/:id,
// ?version=N for an older one). Saving always makes a new version; the save-time check's
// problems appear at their field and, in the code editors, at their line and column.
import { Alert, Button, Divider, List, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import type { z } from "zod";
import type { SavedTemplateSchema } from "../../../../src/contracts/templates.ts";
import { api, ApiError } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import {
  CHANNELS, draftFrom, newDraft, SampleDataError, toInput,
  type Channel, type Draft, type TemplateDetail, type TemplateInput, type TemplateLanguage,
} from "./draft.ts";
import { saveIssues, unplacedIssues } from "./issues.ts";
import { TemplateForm, type EditorTab } from "./TemplateForm.tsx";
import { TemplatePreviewPanel } from "./TemplatePreviewPanel.tsx";
import { TestSendButton } from "./TestSendButton.tsx";
import { warningAlert } from "./ui.ts";
import { VersionsTable } from "./VersionsTable.tsx";

type Saved = z.infer<typeof SavedTemplateSchema>;

const texts = defineTexts({
  nb: {
    loading: "Mal", newTitle: "Ny mal", saveNew: "Lagre mal", saveVersion: "Lagre ny versjon", discard: "Forkast endringer",
    saved: (version: number) => `Malen er lagret som versjon ${version}.`,
    refused: "Malen ble ikke lagret",
    refusedDetail: (n: number) => `${n === 1 ? "1 feil" : `${n} feil`} i malen. Feilene står ved feltene de gjelder.`,
    sampleJson: "Eksempeldataene er ikke gyldig JSON.", sampleObject: "Eksempeldataene må være et JSON-objekt ({ … }).",
    warnings: (version: number) => `Advarsler for versjon ${version}`,
    older: (shown: number, latest: number) => `Du ser på versjon ${shown}. Den nyeste er versjon ${latest}.`,
    olderSave: (next: number) => `Lagrer du, blir innholdet her versjon ${next}.`,
    showLatest: "Vis nyeste versjon", readOnly: "Du kan lese malen, men ikke endre den.",
    versions: "Versjoner", badId: "Ingen mal med dette nummeret.",
  },
  en: {
    loading: "Template", newTitle: "New template", saveNew: "Save template", saveVersion: "Save new version", discard: "Discard changes",
    saved: (version: number) => `The template is saved as version ${version}.`,
    refused: "The template was not saved",
    refusedDetail: (n: number) => `${n === 1 ? "1 problem" : `${n} problems`} in the template. Each is shown at its field.`,
    sampleJson: "The sample data is not valid JSON.", sampleObject: "The sample data must be a JSON object ({ … }).",
    warnings: (version: number) => `Warnings for version ${version}`,
    older: (shown: number, latest: number) => `You are looking at version ${shown}. The latest is version ${latest}.`,
    olderSave: (next: number) => `If you save, this content becomes version ${next}.`,
    showLatest: "Show the latest version", readOnly: "You can read this template but not change it.",
    versions: "Versions", badId: "No template with this number.",
  },
});

export default function TemplateEditorPage() {
  const t = useTexts(texts);
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const templateId = params.id === undefined ? null : Number(params.id);
  const validId = templateId !== null && Number.isInteger(templateId) && templateId > 0;
  const versionParam = Number(search.get("version"));
  const version = Number.isInteger(versionParam) && versionParam > 0 ? versionParam : null;
  // Kept here so the tabs stay put when a save reloads the editor with the new version.
  const [tab, setTab] = useState<EditorTab>("email");
  const [language, setLanguage] = useState<TemplateLanguage>("nb");

  const query = useQuery({
    queryKey: ["templates", "detail", templateId, version],
    queryFn: ({ signal }) => api<TemplateDetail>(`/templates/${templateId}`, { query: { version: version ?? undefined }, signal }),
    enabled: validId,
  });
  const showVersion = (next: number | null) => setSearch(next === null ? {} : { version: String(next) });
  const shared = { tab, onTab: setTab, language, onLanguage: setLanguage, onShowVersion: showVersion };

  if (templateId === null) return <TemplateEditor key="new" detail={null} {...shared} />;
  if (!validId) {
    return (
      <>
        <PageHeader title={t.loading} />
        <Text>{t.badId}</Text>
      </>
    );
  }
  return (
    <QueryState query={query}>
      {(detail) => <TemplateEditor key={`${detail.templateId}:${detail.version}`} detail={detail} {...shared} />}
    </QueryState>
  );
}

interface TemplateEditorProps {
  detail: TemplateDetail | null;
  tab: EditorTab;
  onTab(tab: EditorTab): void;
  language: TemplateLanguage;
  onLanguage(language: TemplateLanguage): void;
  onShowVersion(version: number | null): void;
}

function TemplateEditor({ detail, onShowVersion, ...tabs }: TemplateEditorProps) {
  const t = useTexts(texts);
  const { can } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [initial] = useState<Draft>(() => (detail ? draftFrom(detail) : newDraft()));
  const initialJson = useMemo(() => JSON.stringify(initial), [initial]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [sampleDataError, setSampleDataError] = useState<string | null>(null);
  const dirty = JSON.stringify(draft) !== initialJson;
  const readOnly = !can("templates.write");
  const latest = detail ? Math.max(...detail.versions.map((v) => v.version)) : null;
  const viewingOlder = detail !== null && latest !== null && detail.version !== latest;

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const save = useMutation({
    mutationFn: (input: TemplateInput) =>
      detail
        ? api<Saved>(`/templates/${detail.templateId}`, { method: "PUT", body: input })
        : api<Saved>("/templates", { method: "POST", body: input }),
    onSuccess: async (saved) => {
      notifications.show({ color: "green", message: t.saved(saved.version) });
      await queryClient.invalidateQueries({ queryKey: ["templates", "list"] });
      await queryClient.invalidateQueries({ queryKey: ["templates", "detail", saved.templateId] });
      if (!detail) void navigate(`/templates/${saved.templateId}`, { replace: true });
      else onShowVersion(null);
    },
    onError: (error) => {
      // Open the tab of the first problem, so the author sees it without searching.
      const first = saveIssues(error)[0]?.path.split(".") ?? [];
      if (first[0] === "sampleData") tabs.onTab("sampleData");
      if (CHANNELS.includes(first[0] as Channel)) {
        tabs.onTab(first[0] as Channel);
        if (first[1] === "nb" || first[1] === "nn" || first[1] === "en") tabs.onLanguage(first[1]);
      }
    },
  });

  const onSave = () => {
    setSampleDataError(null);
    let input: TemplateInput;
    try {
      input = toInput(draft);
    } catch (error) {
      if (!(error instanceof SampleDataError)) throw error;
      setSampleDataError(error.message === "json" ? t.sampleJson : t.sampleObject);
      tabs.onTab("sampleData");
      return;
    }
    save.mutate(input);
  };

  const issues = saveIssues(save.error);
  const channels = detail ? CHANNELS.filter((c) => (detail.source as Record<string, unknown>)[c] !== undefined) : [];

  return (
    <Stack gap="lg">
      <div>
        <PageHeader title={detail ? detail.name : t.newTitle}>
          {detail && can("templates.test_send") && channels.includes("email") ? (
            <TestSendButton templateId={detail.templateId} name={detail.name} version={detail.version} />
          ) : null}
          {!readOnly && dirty && detail ? (
            <Button variant="default" onClick={() => setDraft(initial)} disabled={save.isPending}>
              {t.discard}
            </Button>
          ) : null}
          {readOnly ? null : (
            <Button onClick={onSave} loading={save.isPending} disabled={detail !== null && !dirty && !viewingOlder}>
              {detail ? t.saveVersion : t.saveNew}
            </Button>
          )}
        </PageHeader>
        <Stack gap="sm">
          {readOnly ? (
            <Text size="sm" c="dimmed">
              {t.readOnly}
            </Text>
          ) : null}
          {viewingOlder && detail && latest !== null ? (
            <Alert color="blue" title={t.older(detail.version, latest)}>
              <Stack gap="xs" align="flex-start">
                {readOnly ? null : <Text size="sm">{t.olderSave(latest + 1)}</Text>}
                <Button size="compact-sm" variant="default" onClick={() => onShowVersion(null)} disabled={dirty}>
                  {t.showLatest}
                </Button>
              </Stack>
            </Alert>
          ) : null}
          <SaveProblem error={save.error} />
          {detail && detail.warnings.length > 0 ? <Warnings detail={detail} /> : null}
        </Stack>
      </div>
      <TemplateForm
        draft={draft}
        setDraft={setDraft}
        issues={issues}
        sampleDataError={sampleDataError}
        readOnly={readOnly}
        isNew={detail === null}
        {...tabs}
      />
      {can("templates.preview") ? (
        <>
          <Divider />
          <TemplatePreviewPanel
            templateId={detail?.templateId ?? null}
            version={detail?.version ?? null}
            channels={channels}
            dirty={dirty}
            editorChannel={tabs.tab === "sampleData" ? null : tabs.tab}
          />
        </>
      ) : null}
      {detail ? (
        <>
          <Divider />
          <Stack gap="xs">
            <Title order={2} size="h3">
              {t.versions}
            </Title>
            <VersionsTable detail={detail} onShow={onShowVersion} dirty={dirty} />
          </Stack>
        </>
      ) : null}
    </Stack>
  );
}

/** A refused save: the count here, each problem at its field; what no field shows is listed. */
function SaveProblem({ error }: { error: unknown }) {
  const t = useTexts(texts);
  if (!error) return null;
  const issues = saveIssues(error);
  if (!(error instanceof ApiError) || error.status !== 400 || issues.length === 0) return <ProblemAlert error={error} />;
  const rest = unplacedIssues(issues);
  return (
    <Alert color="red" title={t.refused} role="alert">
      {t.refusedDetail(issues.length)}
      {rest.length > 0 ? (
        <List size="sm" mt="xs">
          {rest.map((issue, i) => (
            <List.Item key={i}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}

function Warnings({ detail }: { detail: TemplateDetail }) {
  const t = useTexts(texts);
  const { label } = useVocabulary();
  return (
    <Alert {...warningAlert} title={t.warnings(detail.version)}>
      <List size="sm">
        {detail.warnings.map((w, i) => (
          <List.Item key={i}>
            {label("channel", w.channel)} · {label("language", w.language)}: {w.message}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
