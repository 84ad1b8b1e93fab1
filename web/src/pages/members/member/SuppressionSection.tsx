// Active suppressions of the member's email address and mobile number (bounces, complaints,
// SMS STOP, manual blocks): nothing is sent there whatever the consent says.
import { Table, Text } from "@mantine/core";
import type { MemberDetail } from "../../../../../src/contracts/members.ts";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { Section } from "./Facts.tsx";

const texts = defineTexts({
  nb: { title: "Sperringer", channel: "Kanal", reason: "Årsak", source: "Kilde", since: "Siden", none: "Ingen aktive sperringer av medlemmets e-post eller mobilnummer." },
  en: { title: "Suppressions", channel: "Channel", reason: "Reason", source: "Source", since: "Since", none: "No active suppressions of the member's email or mobile number." },
});

export function SuppressionSection({ suppressions }: { suppressions: MemberDetail["suppressions"] }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const format = useFormat();
  return (
    <Section title={t.title}>
      {suppressions.length === 0 ? (
        <Text>{t.none}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.channel}</Table.Th>
                <Table.Th>{t.reason}</Table.Th>
                <Table.Th>{t.source}</Table.Th>
                <Table.Th>{t.since}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {suppressions.map((s, i) => (
                <Table.Tr key={`${s.channel}-${i}`}>
                  <Table.Td>{vocabulary.label("channel", s.channel)}</Table.Td>
                  <Table.Td>{vocabulary.label("suppressionReason", s.reason)}</Table.Td>
                  <Table.Td>{s.source ?? "–"}</Table.Td>
                  <Table.Td>{format.dateTime(s.at)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
