// A letter campaign's print batches on its own page ("Trykkbunker"), with the letters screen's
// table, and a link to that screen filtered to the campaign.
import { Anchor, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { QueryState } from "../../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { printBatchesQuery } from "../../letters/api.ts";
import { PrintBatchTable } from "../../letters/PrintBatchTable.tsx";

const texts = defineTexts({
  nb: {
    none: "Ingen trykkbunker ennå: brevene samles i bunker når de er laget.",
    toLetters: "Se trykkbunkene under Brev",
  },
  en: {
    none: "No print batches yet: letters are collated into batches once they are rendered.",
    toLetters: "See the print batches under Letters",
  },
});

export function PrintBatchesSection({ campaignId }: { campaignId: number }) {
  const t = useTexts(texts);
  const query = useQuery(printBatchesQuery(campaignId));
  return (
    <QueryState query={query}>
      {(data) => (
        <Stack gap="sm">
          {data.items.length === 0 ? <Text c="gray.7">{t.none}</Text> : <PrintBatchTable batches={data.items} showCampaign={false} />}
          <Anchor component={Link} to={`/letters?campaign=${campaignId}`} size="sm">
            {t.toLetters}
          </Anchor>
        </Stack>
      )}
    </QueryState>
  );
}
