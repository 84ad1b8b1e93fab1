// A segment: its name, description and rules, edited as a tree with a live count beside it;
// saving makes a new version (campaigns keep the version they used). Stewards may try rules and
// see counts in their scope but not save; viewers may read.
import { Alert, Anchor, Badge, Button, Grid, Group, Stack, Tabs, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { SegmentView } from "../../../../src/contracts/segments.ts";
import type { Rule } from "../../../../src/segments/rules.ts";
import { api, ApiError, fieldError } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { JsonPanel } from "./JsonPanel.tsx";
import { PreviewPanel, useRulePreview } from "./PreviewPanel.tsx";
import { RuleTreeEditor } from "./RuleTreeEditor.tsx";
import { VersionHistory } from "./VersionHistory.tsx";

const texts = defineTexts({
  nb: {
    newTitle: "Nytt segment",
    back: "Alle segmenter",
    name: "Navn",
    description: "Beskrivelse",
    descriptionHint: "Hvem segmentet er ment for, og hvorfor.",
    rules: "Regler",
    versions: (n: number) => `Versjoner (${n})`,
    showJson: "Vis som JSON",
    hideJson: "Skjul JSON",
    saveNew: "Lagre segment",
    saveVersion: "Lagre ny versjon",
    unsaved: "Ulagrede endringer",
    nameRequired: "Skriv et navn på segmentet.",
    noRule: "Legg til minst én betingelse før du lagrer.",
    incomplete: (n: number) =>
      n === 1 ? "Én betingelse er ikke fylt ut. Fyll den ut eller fjern den før du lagrer." : `${n} betingelser er ikke fylt ut. Fyll dem ut eller fjern dem før du lagrer.`,
    savedTitle: "Segmentet er lagret",
    savedMessage: (name: string, version: number) => `«${name}» er lagret som versjon ${version}.`,
    loaded: (version: number, next: number) => `Versjon ${version} er lastet inn i editoren. Lagre for å gjøre den til versjon ${next}.`,
    readOnly: "Du kan lese segmentet, men ikke endre det.",
    stewardNote: "Du kan prøve regler og se hvor mange medlemmer i ditt område de treffer, men ikke lagre segmenter.",
    noPreview: "Du har ikke tilgang til å telle medlemmer.",
    notFound: "Fant ikke segmentet.",
    version: (v: number) => `Versjon ${v}`,
    close: "Lukk",
  },
  en: {
    newTitle: "New segment",
    back: "All segments",
    name: "Name",
    description: "Description",
    descriptionHint: "Who the segment is for, and why.",
    rules: "Rules",
    versions: (n: number) => `Versions (${n})`,
    showJson: "Show as JSON",
    hideJson: "Hide JSON",
    saveNew: "Save segment",
    saveVersion: "Save new version",
    unsaved: "Unsaved changes",
    nameRequired: "Give the segment a name.",
    noRule: "Add at least one condition before saving.",
    incomplete: (n: number) =>
      n === 1 ? "One condition is not filled in. Fill it in or remove it before saving." : `${n} conditions are not filled in. Fill them in or remove them before saving.`,
    savedTitle: "Segment saved",
    savedMessage: (name: string, version: number) => `“${name}” is saved as version ${version}.`,
    loaded: (version: number, next: number) => `Version ${version} is loaded into the editor. Save to make it version ${next}.`,
    readOnly: "You can read this segment but not change it.",
    stewardNote: "You can try rules and see how many members in your area they reach, but not save segments.",
    noPreview: "You do not have access to count members.",
    notFound: "Segment not found.",
    version: (v: number) => `Version ${v}`,
    close: "Close",
  },
});

export const segmentKey = (id: number) => ["segments", "detail", id] as const;

export default function SegmentEditorPage() {
  const { id } = useParams();
  return id === undefined ? <SegmentForm key="new" segment={null} /> : <ExistingSegment id={id} />;
}

function ExistingSegment({ id }: { id: string }) {
  const t = useTexts(texts);
  const number = /^\d+$/.test(id) ? Number(id) : null;
  const query = useQuery({
    queryKey: segmentKey(number ?? 0),
    queryFn: ({ signal }) => api<SegmentView>(`/segments/${number}`, { signal }),
    enabled: number !== null,
  });
  if (number === null) {
    return (
      <>
        <PageHeader title={t.notFound} />
        <Anchor component={Link} to="/segments">
          {t.back}
        </Anchor>
      </>
    );
  }
  return <QueryState query={query}>{(segment) => <SegmentForm key={segment.id} segment={segment} />}</QueryState>;
}

type SaveBody = { name: string; description: string; rules: Rule };
const sameRule = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function SegmentForm({ segment }: { segment: SegmentView | null }) {
  const t = useTexts(texts);
  const { can } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const latest = segment?.versions[0];
  const mayWrite = can("segments.write");
  const mayPreview = can("segments.preview");

  const [name, setName] = useState(segment?.name ?? "");
  const [description, setDescription] = useState(segment?.description ?? "");
  const [rule, setRule] = useState<Rule | null>(latest?.rules ?? null);
  const [incomplete, setIncomplete] = useState(0);
  // What the tree starts from; a new key replaces the tree (a loaded version, applied JSON).
  const [seed, setSeed] = useState<{ key: number; rule: Rule | null }>({ key: 0, rule: latest?.rules ?? null });
  const [loadedVersion, setLoadedVersion] = useState<number | null>(null);
  const [showJson, setShowJson] = useState(false);
  const [tab, setTab] = useState<string | null>("rules");
  const [problem, setProblem] = useState<string | null>(null);
  const [nameProblem, setNameProblem] = useState<string | null>(null);

  const preview = useRulePreview(rule, mayPreview);
  const save = useMutation({
    mutationFn: (body: SaveBody) =>
      segment
        ? api<SegmentView>(`/segments/${segment.id}`, { method: "PUT", body })
        : api<SegmentView>("/segments", { method: "POST", body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(segmentKey(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ["segments", "list"] });
      setLoadedVersion(null);
      notifications.show({
        color: "green",
        title: t.savedTitle,
        message: t.savedMessage(saved.name, saved.versions[0]?.version ?? 1),
        // Mantine's defaults: a close button without a name and grey text below 4.5:1.
        closeButtonProps: { "aria-label": t.close },
        styles: { description: { color: "var(--mantine-color-text)" } },
      });
      if (!segment) navigate(`/segments/${saved.id}`);
    },
  });

  const replaceRule = (next: Rule | null) => {
    setRule(next);
    setIncomplete(0);
    setSeed((s) => ({ key: s.key + 1, rule: next }));
  };

  // Issues are placed by path, so they must be about the rule on screen: a save's when it was
  // this rule, else the latest preview's.
  const saveIssues = save.error instanceof ApiError && sameRule(save.variables?.rules, rule) ? save.error.issues : [];
  const previewIssues = preview.error instanceof ApiError && preview.errorIsCurrent ? preview.error.issues : [];
  const ruleIssues = saveIssues.some((i) => i.path.startsWith("rules")) ? saveIssues : previewIssues;
  const nameError = nameProblem ?? fieldError(save.error, "name") ?? fieldError(save.error, "body.name");

  const dirty = segment === null || name.trim() !== segment.name || description !== segment.description || !sameRule(rule, latest?.rules);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setNameProblem(null);
    if (!name.trim()) return setNameProblem(t.nameRequired);
    if (incomplete > 0) return setProblem(t.incomplete(incomplete));
    if (rule === null) return setProblem(t.noRule);
    save.mutate({ name: name.trim(), description, rules: rule });
  };

  const editor = (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t.rules}
        </Title>
        <Button size="xs" variant="default" onClick={() => setShowJson((v) => !v)} aria-expanded={showJson}>
          {showJson ? t.hideJson : t.showJson}
        </Button>
      </Group>
      {loadedVersion !== null && latest && (
        <Alert color="blue" variant="light" withCloseButton closeButtonLabel={t.close} onClose={() => setLoadedVersion(null)}>
          {t.loaded(loadedVersion, latest.version + 1)}
        </Alert>
      )}
      <RuleTreeEditor
        key={seed.key}
        value={seed.rule}
        onChange={(next, info) => {
          setRule(next);
          setIncomplete(info.incomplete);
          setProblem(null);
        }}
        issues={ruleIssues}
      />
      {showJson && <JsonPanel rule={rule} onApply={replaceRule} />}
    </Stack>
  );

  return (
    <>
      <PageHeader title={segment?.name ?? t.newTitle}>
        {segment && latest && <Badge variant="light">{t.version(latest.version)}</Badge>}
        <Anchor component={Link} to="/segments" size="sm">
          {t.back}
        </Anchor>
      </PageHeader>
      {!mayWrite && (
        <Alert color="blue" variant="light" mb="md">
          {mayPreview ? t.stewardNote : t.readOnly}
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <form id="segment-form" onSubmit={submit} noValidate>
            <Stack gap="md">
              {(mayWrite || segment) && (
                <Group align="flex-start" grow wrap="wrap">
                  <TextInput
                    label={t.name}
                    value={name}
                    onChange={(event) => {
                      setName(event.currentTarget.value);
                      setNameProblem(null);
                    }}
                    required={mayWrite}
                    maxLength={200}
                    readOnly={!mayWrite}
                    error={nameError}
                  />
                  <Textarea
                    label={t.description}
                    placeholder={mayWrite ? t.descriptionHint : undefined}
                    value={description}
                    onChange={(event) => setDescription(event.currentTarget.value)}
                    autosize
                    minRows={1}
                    maxRows={4}
                    maxLength={2000}
                    readOnly={!mayWrite}
                    error={fieldError(save.error, "description") ?? fieldError(save.error, "body.description")}
                  />
                </Group>
              )}
              {segment ? (
                <Tabs value={tab} onChange={setTab} keepMounted>
                  <Tabs.List>
                    <Tabs.Tab value="rules">{t.rules}</Tabs.Tab>
                    <Tabs.Tab value="versions">{t.versions(segment.versions.length)}</Tabs.Tab>
                  </Tabs.List>
                  <Tabs.Panel value="rules" pt="md">
                    {editor}
                  </Tabs.Panel>
                  <Tabs.Panel value="versions" pt="md">
                    <VersionHistory
                      versions={segment.versions}
                      onLoad={(version) => {
                        replaceRule(version.rules);
                        setLoadedVersion(version.version);
                        setTab("rules");
                      }}
                    />
                  </Tabs.Panel>
                </Tabs>
              ) : (
                editor
              )}
              {problem && (
                <Alert color="red" role="alert">
                  {problem}
                </Alert>
              )}
              <ProblemAlert
                error={save.error}
                shownPaths={ruleIssues === saveIssues ? ["name", "body.name", "description", "body.description", "rules"] : ["name", "body.name", "description", "body.description"]}
              />
              {mayWrite && (
                <Group gap="sm">
                  <Button type="submit" loading={save.isPending} disabled={!dirty}>
                    {segment ? t.saveVersion : t.saveNew}
                  </Button>
                  {segment && dirty && (
                    <Text size="sm" c="dimmed">
                      {t.unsaved}
                    </Text>
                  )}
                </Group>
              )}
            </Stack>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <div style={{ position: "sticky", top: 72 }}>
            {mayPreview ? (
              <PreviewPanel preview={preview} hasRule={rule !== null} incomplete={incomplete} />
            ) : (
              <Text size="sm" c="dimmed">
                {t.noPreview}
              </Text>
            )}
          </div>
        </Grid.Col>
      </Grid>
    </>
  );
}
