// Print batches: what each holds (letters, pages, sheets), what the postage is estimated at, and
// whether it has gone to Posten. The files name members and their addresses: a download is a
// plain link the server audits; once retention has removed them, the row says so instead.
import { Anchor, Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { Link } from "react-router";
import { useSession } from "../../api/session.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useLanguage, useTexts } from "../../i18n/language.tsx";
import { useStaffNames } from "../admin/parts/api.ts";
import { describeActor, downloadUrl, formatNok, type PrintBatch } from "./api.ts";
import { HandOverBatch } from "./HandOverBatch.tsx";

const texts = defineTexts({
  nb: {
    caption: "Trykkbunker, nyeste først", campaign: "Kampanje", number: "Nr.", status: "Status", letters: "Brev", pages: "Sider", sheets: "Ark",
    postage: "Anslått porto", created: "Laget", handedOver: "Levert til Posten", files: "Filer",
    ready: "Klar", delivered: "Levert", belowBulk: "Ikke bulkporto",
    belowBulkHint: "For få brev i bunken for bulkporto (Posten krever minst 200 per innlevering): prisen blir høyere enn anslått.",
    zip: "Last ned (zip)", zipLabel: (n: number) => `Last ned (zip), trykkbunke ${n}`,
    pdf: "PDF", manifest: "Manifest", deleted: (on: string) => `Filene er slettet (${on})`,
    by: (who: string) => `av ${who}`, someone: (id: number) => `bruker ${id}`, notYet: "Ikke levert",
  },
  en: {
    caption: "Print batches, newest first", campaign: "Campaign", number: "No.", status: "Status", letters: "Letters", pages: "Pages", sheets: "Sheets",
    postage: "Estimated postage", created: "Created", handedOver: "Handed over to Posten", files: "Files",
    ready: "Ready", delivered: "Handed over", belowBulk: "No bulk rate",
    belowBulkHint: "Too few letters in the batch for the bulk rate (Posten needs at least 200 per handover): the price will be higher than estimated.",
    zip: "Download (zip)", zipLabel: (n: number) => `Download (zip), print batch ${n}`,
    pdf: "PDF", manifest: "Manifest", deleted: (on: string) => `Files deleted (${on})`,
    by: (who: string) => `by ${who}`, someone: (id: number) => `user ${id}`, notYet: "Not handed over",
  },
});

// A badge in a narrow table cell would otherwise shrink to an ellipsis.
const FULL_WIDTH = { minWidth: "max-content" } as const;
const NO_WRAP = { whiteSpace: "nowrap" } as const;

export interface PrintBatchTableProps {
  batches: PrintBatch[];
  /** Off on a campaign's own page, where every batch is that campaign's. */
  showCampaign?: boolean;
}

export function PrintBatchTable({ batches, showCampaign = true }: PrintBatchTableProps) {
  const t = useTexts(texts);
  const { can } = useSession();
  const canWrite = can("letters.write");
  return (
    <Table.ScrollContainer minWidth={showCampaign ? 900 : 800}>
      <Table striped verticalSpacing="sm" horizontalSpacing={8} aria-label={t.caption}>
        <Table.Thead>
          <Table.Tr>
            {showCampaign && <Table.Th>{t.campaign}</Table.Th>}
            <Table.Th ta="right">{t.number}</Table.Th>
            <Table.Th>{t.status}</Table.Th>
            <Table.Th ta="right">{t.letters}</Table.Th>
            <Table.Th ta="right">{t.pages}</Table.Th>
            <Table.Th ta="right">{t.sheets}</Table.Th>
            <Table.Th ta="right">{t.postage}</Table.Th>
            <Table.Th>{t.created}</Table.Th>
            <Table.Th>{t.handedOver}</Table.Th>
            <Table.Th>{t.files}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.map((batch) => (
            <BatchRow key={batch.id} batch={batch} showCampaign={showCampaign} canWrite={canWrite} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function BatchRow({ batch, showCampaign, canWrite }: { batch: PrintBatch; showCampaign: boolean; canWrite: boolean }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { locale } = useLanguage();
  const staff = useStaffNames();
  const handedOverBy = describeActor(batch.handedOverBy, staff, t.someone);
  const handedOver = batch.status === "handed_over";
  return (
    <Table.Tr>
      {showCampaign && (
        <Table.Td maw={240}>
          <Anchor component={Link} to={`/campaigns/${batch.campaignId}`}>
            {batch.campaignName}
          </Anchor>
        </Table.Td>
      )}
      <Table.Td ta="right">{batch.number}</Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <Badge style={FULL_WIDTH} variant="light" color={handedOver ? "green" : "blue"}>
            {handedOver ? t.delivered : t.ready}
          </Badge>
          {batch.belowBulkMinimum && (
            <Badge style={FULL_WIDTH} color="yellow" variant="filled" autoContrast title={t.belowBulkHint}>
              {t.belowBulk}
              <VisuallyHidden>: {t.belowBulkHint}</VisuallyHidden>
            </Badge>
          )}
        </Stack>
      </Table.Td>
      <Table.Td ta="right">{format.number(batch.letters)}</Table.Td>
      <Table.Td ta="right">{format.number(batch.pages)}</Table.Td>
      <Table.Td ta="right">{format.number(batch.sheets)}</Table.Td>
      <Table.Td ta="right" style={NO_WRAP}>
        {formatNok(batch.postage, locale)}
      </Table.Td>
      <Table.Td miw={120}>{format.dateTime(batch.createdAt)}</Table.Td>
      <Table.Td>
        {handedOver ? (
          <>
            <Text size="sm" style={NO_WRAP}>
              {format.date(batch.handedOverOn)}
            </Text>
            {handedOverBy && (
              <Text size="sm" c="gray.7">
                {t.by(handedOverBy)}
              </Text>
            )}
          </>
        ) : canWrite ? (
          <HandOverBatch batch={batch} />
        ) : (
          <Text size="sm" c="gray.7">
            {t.notYet}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {batch.filesDeletedAt ? (
          <Text size="sm" c="gray.7">
            {t.deleted(format.date(batch.filesDeletedAt))}
          </Text>
        ) : (
          <Stack gap={4} align="flex-start">
            <Button component="a" href={downloadUrl(batch.id, "zip")} download size="xs" aria-label={t.zipLabel(batch.number)} style={NO_WRAP}>
              {t.zip}
            </Button>
            <Group gap="sm" wrap="nowrap">
              <Anchor size="sm" href={downloadUrl(batch.id, "pdf")} download>
                {t.pdf}
              </Anchor>
              <Anchor size="sm" href={downloadUrl(batch.id, "manifest")} download style={NO_WRAP}>
                {t.manifest}
              </Anchor>
            </Group>
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
