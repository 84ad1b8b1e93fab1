// The review's parts for letters and channel fallback: with first-available, which channel the
// one message per member is expected to go on (and how many no channel reaches); for a campaign
// with letters, what would be printed and posted, with a warning when a print batch is too small
// for the bulk rate.
import { Alert, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useLanguage, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { formatNok } from "../../letters/api.ts";
import { FirstAvailableNote } from "../page/channelMode.tsx";
import { WARNING_STYLES } from "./ReadableColours.tsx";
import type { CampaignReview } from "./reviewQuery.ts";

const texts = defineTexts({
  nb: {
    split: "Forventet fordeling", splitCaption: "Forventet fordeling per kanal", channel: "Kanal", members: "Medlemmer",
    none: "Ingen kanal når dem", total: "I alt",
    eachOnItsOwn: "Tallene per kanal under gjelder hver kanal for seg; hvert medlem får bare én melding.",
    letters: "Brev", lettersCaption: "Brev som skal trykkes og sendes",
    count: "Brev", pagesPerLetter: "Sider per brev", pages: "Sider", sheets: "Ark", postage: "Anslått porto", printBatches: "Trykkbunker",
    belowBulk: (n: string) => `Under ${n} brev i en trykkbunke: ikke bulkporto`,
    belowBulkDetail: (n: string) => `Posten krever minst ${n} brev per innlevering for bulkpris. Portoen blir høyere enn anslått.`,
    postageHint: "Anslått fra prislisten (LETTER_POSTAGE); sidetallet er tatt fra brevet til én mottaker.",
  },
  en: {
    split: "Expected split", splitCaption: "Expected split by channel", channel: "Channel", members: "Members",
    none: "No channel reaches them", total: "Total",
    eachOnItsOwn: "The counts per channel below are for each channel on its own; each member gets one message only.",
    letters: "Letters", lettersCaption: "Letters to print and post",
    count: "Letters", pagesPerLetter: "Pages per letter", pages: "Pages", sheets: "Sheets", postage: "Estimated postage", printBatches: "Print batches",
    belowBulk: (n: string) => `Under ${n} letters in a print batch: no bulk rate`,
    belowBulkDetail: (n: string) => `Posten needs at least ${n} letters per handover for the bulk price. Postage will be higher than estimated.`,
    postageHint: "Estimated from the price table (LETTER_POSTAGE); the page count is taken from one recipient's letter.",
  },
});

/** With first-available: the channel order, and the members expected on each channel. */
export function ExpectedSplit({ review }: { review: CampaignReview }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { label } = useVocabulary();
  const split = review.split;
  if (review.channelMode !== "first-available" || !split) return null;
  // The server builds the split in the campaign's channel order: the order they are tried in.
  const order = Object.keys(split.channels);
  const total = Object.values(split.channels).reduce((a, b) => a + b, 0) + split.none;
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">{t.split}</Title>
      <FirstAvailableNote channels={order} />
      <Table withTableBorder striped maw={480} aria-label={t.splitCaption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t.channel}</Table.Th>
            <Table.Th scope="col" ta="right">{t.members}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {order.map((c) => (
            <Table.Tr key={c}>
              <Table.Td>{label("channel", c)}</Table.Td>
              <Table.Td ta="right">{format.number(split.channels[c])}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td>{t.none}</Table.Td>
            <Table.Td ta="right">{format.number(split.none)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">{t.total}</Table.Th>
            <Table.Td ta="right" fw={700}>{format.number(total)}</Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      <Text size="sm" c="gray.7">{t.eachOnItsOwn}</Text>
    </Stack>
  );
}

/** What the letters come to: letters, pages, sheets, postage, print batches. */
export function LetterEstimate({ review }: { review: CampaignReview }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { locale } = useLanguage();
  const letters = review.letters;
  if (!letters) return null;
  const minimum = format.number(letters.bulkMinimum);
  const rows: Array<[string, string]> = [
    [t.count, format.number(letters.letters)],
    [t.pagesPerLetter, format.number(letters.pagesPerLetter)],
    [t.pages, format.number(letters.pages)],
    [t.sheets, format.number(letters.sheets)],
    [t.postage, formatNok(letters.postage, locale)],
    [t.printBatches, format.number(letters.printBatches)],
  ];
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">{t.letters}</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <Stack gap={4}>
          <Table withTableBorder aria-label={t.lettersCaption} verticalSpacing={4} maw={420}>
            <Table.Tbody>
              {rows.map(([name, value]) => (
                <Table.Tr key={name}>
                  <Table.Th scope="row" fw={500}>{name}</Table.Th>
                  <Table.Td ta="right">{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="gray.7">{t.postageHint}</Text>
        </Stack>
        {letters.belowBulkMinimum ? (
          <Alert color="yellow" title={t.belowBulk(minimum)} styles={WARNING_STYLES} role="status" style={{ alignSelf: "start" }}>
            {t.belowBulkDetail(minimum)}
          </Alert>
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}
