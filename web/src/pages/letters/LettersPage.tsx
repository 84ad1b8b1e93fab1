// Letters (/letters): the print batches of every letter campaign, to download for the print house
// and mark handed over to Posten, and returned letters to record. The campaign filter lives in
// the URL (?campaign=12), so a campaign's page can link to its own batches.
import { Anchor, Divider, Group, Select, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useSearchParams } from "react-router";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { printBatchesQuery, type PrintBatch } from "./api.ts";
import { PrintBatchTable } from "./PrintBatchTable.tsx";
import { ReturnedLetters } from "./ReturnedLetters.tsx";

const texts = defineTexts({
  nb: {
    title: "Brev",
    intro: "Hver brevkampanje samles i trykkbunker, sortert på postnummer. Last ned zip-filen (PDF og manifest) til trykkeriet, og merk bunken som levert når den er levert til Posten. Nedlastinger logges: filene inneholder navn og adresser.",
    campaign: "Kampanje", allCampaigns: "Alle kampanjer", none: "Ingen trykkbunker ennå.", noneForCampaign: "Kampanjen har ingen trykkbunker.",
    toCampaign: "Til kampanjen",
  },
  en: {
    title: "Letters",
    intro: "Each letter campaign is collated into print batches, sorted by postcode. Download the zip file (PDF and manifest) for the print house, and mark the batch handed over once it has gone to Posten. Downloads are logged: the files hold names and addresses.",
    campaign: "Campaign", allCampaigns: "All campaigns", none: "No print batches yet.", noneForCampaign: "The campaign has no print batches.",
    toCampaign: "To the campaign",
  },
});

export default function LettersPage() {
  const t = useTexts(texts);
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const campaign = params.get("campaign");
  const campaignId = campaign && /^\d+$/.test(campaign) ? Number(campaign) : null;
  // All batches in one list (a campaign has a few, each up to LETTER_BATCH_MAX_PAGES pages), so
  // the filter can offer every campaign that has any.
  const query = useQuery(printBatchesQuery(null));
  return (
    <>
      <PageHeader title={t.title} />
      <Text size="sm" c="gray.7" mb="md" maw={760}>
        {t.intro}
      </Text>
      <QueryState query={query}>
        {(data) => (
          <Stack gap="md">
            <Group align="flex-end">
              <Select
                label={t.campaign}
                placeholder={t.allCampaigns}
                data={campaignsOf(data.items)}
                value={campaignId === null ? null : String(campaignId)}
                onChange={(value) => setParams(value ? { campaign: value } : {}, { replace: true })}
                clearable
                searchable
                w={320}
              />
              {campaignId !== null && (
                <Anchor component={Link} to={`/campaigns/${campaignId}`} mb={8}>
                  {t.toCampaign}
                </Anchor>
              )}
            </Group>
            <Batches batches={data.items.filter((b) => campaignId === null || b.campaignId === campaignId)} filtered={campaignId !== null} />
          </Stack>
        )}
      </QueryState>
      {can("letters.write") && (
        <>
          <Divider my="xl" />
          <ReturnedLetters />
        </>
      )}
    </>
  );
}

function Batches({ batches, filtered }: { batches: PrintBatch[]; filtered: boolean }) {
  const t = useTexts(texts);
  if (batches.length === 0) return <Text c="gray.7">{filtered ? t.noneForCampaign : t.none}</Text>;
  return <PrintBatchTable batches={batches} showCampaign={!filtered} />;
}

/** The campaigns that have batches, newest first (as the batches come). */
function campaignsOf(batches: PrintBatch[]): Array<{ value: string; label: string }> {
  const seen = new Map<number, string>();
  for (const b of batches) if (!seen.has(b.campaignId)) seen.set(b.campaignId, b.campaignName);
  return [...seen].map(([id, name]) => ({ value: String(id), label: name }));
}
