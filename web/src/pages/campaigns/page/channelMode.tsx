// Channel fallback (channelMode first-available): each member gets one message, on the first of
// the campaign's channels, in order, that consent and a valid address allow. These say so in
// words, and show which channel the messages actually went on.
import { Table, Text } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import type { CampaignStatus, ChannelCounts } from "./types.ts";

export type ChannelMode = "all" | "first-available";

const texts = defineTexts({
  nb: {
    firstAvailable: (order: string) => `Første tilgjengelige kanal: ${order}`,
    firstAvailableHint: "Hvert medlem får én melding, på den første kanalen i rekkefølgen som samtykke og adresse tillater.",
    split: "Faktisk fordeling per kanal", channel: "Kanal", messages: "Meldinger", splitHint: "Sendt, levert eller returnert; brev også når de venter på trykk.",
  },
  en: {
    firstAvailable: (order: string) => `First available channel: ${order}`,
    firstAvailableHint: "Each member gets one message, on the first channel in the order that consent and address allow.",
    split: "Actual split by channel", channel: "Channel", messages: "Messages", splitHint: "Sent, delivered or bounced; letters also while they wait for printing.",
  },
});

/** A channel's label inside a sentence: "e-post", "brev", but "SMS". */
function inSentence(label: string): string {
  return label === label.toUpperCase() ? label : label.toLowerCase();
}

/** "Første tilgjengelige kanal: e-post → SMS → brev". */
export function useFirstAvailableText(): (channels: readonly string[]) => string {
  const t = useTexts(texts);
  const { label } = useVocabulary();
  return (channels) => t.firstAvailable(channels.map((c) => inSentence(label("channel", c))).join(" → "));
}

export function FirstAvailableNote({ channels }: { channels: readonly string[] }) {
  const t = useTexts(texts);
  const text = useFirstAvailableText();
  return (
    <>
      <Text size="sm">{text(channels)}</Text>
      <Text size="sm" c="gray.7">
        {t.firstAvailableHint}
      </Text>
    </>
  );
}

/**
 * Messages that went out (or, for letters, are on their way to print) on a channel: the same sum
 * `campaign status` gives as the split (src/campaigns/status.ts).
 */
export function messagesOn(counts: ChannelCounts): number {
  return counts.sent + counts.delivered + counts.bounced + counts.rendered;
}

/** The real split of a first-available campaign, in the campaign's channel order. */
export function ChannelSplit({ channels, status }: { channels: readonly string[]; status: CampaignStatus }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { label } = useVocabulary();
  const rows = channels.flatMap((channel) => {
    const counts = status.channels[channel];
    // The server's split when it sends one; the same sum from the counts otherwise (the live stream).
    const messages = status.split?.[channel] ?? (counts ? messagesOn(counts) : undefined);
    return messages === undefined ? [] : [{ channel, messages }];
  });
  return (
    <>
      <Table aria-label={t.split} withTableBorder verticalSpacing={4} maw={420} captionSide="top">
        <Table.Caption ta="left">{t.split}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.channel}</Table.Th>
            <Table.Th ta="right">{t.messages}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.channel}>
              <Table.Td>{label("channel", r.channel)}</Table.Td>
              <Table.Td ta="right">{format.number(r.messages)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="gray.7" mt={4}>
        {t.splitHint}
      </Text>
    </>
  );
}
