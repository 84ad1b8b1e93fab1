// A campaign's uploads: the per-member merge data its template reads as merge.<column>, and (for a
// list audience) the uploaded member numbers. Shows what is attached, lets the author upload a CSV
// while the campaign has not started, and shows what the upload took and what it did not (unknown
// member numbers, duplicates, rejected rows). The cells themselves are never shown.
import { Alert, Badge, Button, FileButton, Group, List, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  AudienceListReport, AudienceListSummary, MergeDataReport, MergeDataSummary,
} from "../../../../../src/contracts/campaigns.ts";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { campaignKeys, type Campaign, type CampaignState } from "./types.ts";

const texts = defineTexts({
  nb: {
    mergeData: "Flettedata", list: "Målgruppe fra liste",
    columns: (c: string) => `Kolonner: ${c}`, noMergeData: "Ingen flettedata lastet opp.",
    rows: (n: string) => `${n} medlemmer har en rad.`, members: (n: string) => `${n} medlemmer på listen.`, noList: "Ingen liste lastet opp ennå.",
    templateReads: (c: string) => `Malen bruker: ${c}`, discarded: "Kampanjen er over, og opplastingen er slettet.",
    uploadMerge: "Last opp flettedata (CSV)", uploadList: "Last opp liste (CSV)",
    mergeHint: "CSV med member_number og én kolonne per verdi malen bruker som {{merge.kolonne}}. Medlemmer uten rad får ingen melding.",
    listHint: "CSV med kolonnen member_number. Samtykke sjekkes ved sending som for alle målgrupper.",
    taken: (a: string, r: string) => `${a} av ${r} rader tatt med.`, unknown: (n: string) => `Ukjente medlemsnummer (ikke lagret): ${n}`,
    duplicates: (n: string) => `Duplikater (første rad brukt): ${n}`, rejected: (n: string) => `Avviste rader: ${n}`,
    line: (l: number, m: string, p: string) => `Linje ${l} (${m || "uten medlemsnummer"}): ${p}`,
    missing: (c: string) => `Malen bruker ${c}, som filen mangler. Kampanjen kan ikke sendes før en fil har kolonnen.`,
    voided: "Kampanjen er et utkast igjen: en innsending eller godkjenning gjelder ikke lenger.", result: "Resultat av opplastingen",
  },
  en: {
    mergeData: "Merge data", list: "Audience from a list",
    columns: (c: string) => `Columns: ${c}`, noMergeData: "No merge data uploaded.",
    rows: (n: string) => `${n} members have a row.`, members: (n: string) => `${n} members on the list.`, noList: "No list uploaded yet.",
    templateReads: (c: string) => `The template reads: ${c}`, discarded: "The campaign is over, and the upload was deleted.",
    uploadMerge: "Upload merge data (CSV)", uploadList: "Upload a list (CSV)",
    mergeHint: "A CSV with member_number and one column per value the template reads as {{merge.column}}. Members without a row get no message.",
    listHint: "A CSV with the column member_number. Consent is checked at sending, as for every audience.",
    taken: (a: string, r: string) => `${a} of ${r} rows taken.`, unknown: (n: string) => `Unknown member numbers (not stored): ${n}`,
    duplicates: (n: string) => `Duplicates (first row used): ${n}`, rejected: (n: string) => `Rejected rows: ${n}`,
    line: (l: number, m: string, p: string) => `Line ${l} (${m || "no member number"}): ${p}`,
    missing: (c: string) => `The template reads ${c}, which the file lacks. The campaign cannot be sent until a file has it.`,
    voided: "The campaign is a draft again: a submission or approval no longer holds.", result: "What the upload did",
  },
});

/** States in which uploads may be replaced (the API refuses the rest). */
const UPLOADABLE: readonly CampaignState[] = ["draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled"];
/** Lines of a report shown here; the API's JSON has up to 1,000. */
const SHOWN = 20;

type Report = MergeDataReport | AudienceListReport;

export function UploadsPanel({ campaign }: { campaign: Campaign }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { can } = useSession();
  const merge = useQuery({
    queryKey: [...campaignKeys.one(campaign.id), "merge-data"],
    queryFn: ({ signal }) => api<MergeDataSummary>(`/campaigns/${campaign.id}/merge-data`, { signal }),
  });
  const list = useQuery({
    queryKey: [...campaignKeys.one(campaign.id), "audience-list"],
    queryFn: ({ signal }) => api<AudienceListSummary>(`/campaigns/${campaign.id}/audience-list`, { signal }),
  });
  const writable = can("campaigns.write") && UPLOADABLE.includes(campaign.state);
  const m = merge.data;
  const l = list.data;
  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text fw={700}>{t.mergeData}</Text>
        {m && (m.columns.length > 0 ? <Text size="sm">{t.columns(m.columns.join(", "))} — {t.rows(format.number(m.rows))}</Text> : <Text size="sm" c="gray.7">{t.noMergeData}</Text>)}
        {m && m.templateColumns.length > 0 && <Text size="sm">{t.templateReads(m.templateColumns.map((c) => `merge.${c}`).join(", "))}</Text>}
        {m?.discarded && m.columns.length > 0 && <Text size="sm" c="gray.7">{t.discarded}</Text>}
        {writable && <Upload path={`/campaigns/${campaign.id}/merge-data`} label={t.uploadMerge} hint={t.mergeHint} />}
      </Stack>
      {l?.audienceList && (
        <Stack gap={4}>
          <Text fw={700}>{t.list}</Text>
          <Text size="sm">{l.members > 0 ? t.members(format.number(l.members)) : l.discarded ? t.discarded : t.noList}</Text>
          {writable && <Upload path={`/campaigns/${campaign.id}/audience-list`} label={t.uploadList} hint={t.listHint} />}
        </Stack>
      )}
    </Stack>
  );
}

function Upload({ path, label, hint }: { path: string; label: string; hint: string }) {
  const queryClient = useQueryClient();
  const upload = useMutation({
    mutationFn: async (file: File) => api<Report>(path, { method: "PUT", body: await file.text(), contentType: "text/csv" }),
    // The campaign may be a draft again, and the summaries changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: campaignKeys.all }),
  });
  return (
    <Stack gap="xs">
      <Text size="sm" c="gray.7">{hint}</Text>
      <Group>
        <FileButton onChange={(file) => file && upload.mutate(file)} accept=".csv,text/csv">
          {(props) => <Button {...props} variant="light" loading={upload.isPending}>{label}</Button>}
        </FileButton>
      </Group>
      <ProblemAlert error={upload.error} shownPaths={["file"]} />
      {upload.data && <ReportView report={upload.data} />}
    </Stack>
  );
}

function ReportView({ report }: { report: Report }) {
  const t = useTexts(texts);
  const format = useFormat();
  const missing = "templateColumnsMissing" in report ? report.templateColumnsMissing : [];
  const lines = [...report.duplicates, ...report.rejected].slice(0, SHOWN);
  return (
    <Alert color={report.unknownCount + report.rejectedCount + missing.length > 0 ? "orange" : "green"} variant="light" title={<Text span fw={700} size="sm" c="dark.9">{t.result}</Text>}>
      <Stack gap={4}>
        <Text size="sm">
          {t.taken(format.number(report.accepted), format.number(report.rows))}
          {"columns" in report && ` ${t.columns(report.columns.join(", "))}`}
        </Text>
        {missing.length > 0 && <Text size="sm" fw={700}>{t.missing(missing.map((c) => `merge.${c}`).join(", "))}</Text>}
        {report.unknownCount > 0 && (
          <Text size="sm">
            {t.unknown(format.number(report.unknownCount))}:{" "}
            {report.unknownMemberNumbers.slice(0, SHOWN).map((n) => <Badge key={n} variant="outline" color="gray" mr={4}>{n}</Badge>)}
            {report.unknownCount > SHOWN && "…"}
          </Text>
        )}
        {report.duplicateCount > 0 && <Text size="sm">{t.duplicates(format.number(report.duplicateCount))}</Text>}
        {report.rejectedCount > 0 && <Text size="sm">{t.rejected(format.number(report.rejectedCount))}</Text>}
        {lines.length > 0 && (
          <List size="sm">
            {lines.map((p) => <List.Item key={p.line}>{t.line(p.line, p.memberNumber, p.problem)}</List.Item>)}
          </List>
        )}
        {report.warnings.map((w) => <Text key={w} size="sm" c="gray.7">{w}</Text>)}
        {report.approvalVoided && <Text size="sm">{t.voided}</Text>}
      </Stack>
    </Alert>
  );
}
