// Every message to the member, newest first: which campaign, by which channel, how it went
// and why it was skipped or failed.
import { Anchor, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import type { MemberDetail } from "../../../../../src/contracts/members.ts";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { Section } from "./Facts.tsx";

const texts = defineTexts({
  nb: {
    title: "Utsendelser", campaign: "Kampanje", channel: "Kanal", status: "Status", reason: "Årsak", attempts: "Forsøk",
    sent: "Sendt", delivered: "Levert", failed: "Feilet", none: "Medlemmet har ikke fått noen utsendelser.", label: "Utsendelser til medlemmet",
  },
  en: {
    title: "Deliveries", campaign: "Campaign", channel: "Channel", status: "Status", reason: "Reason", attempts: "Attempts",
    sent: "Sent", delivered: "Delivered", failed: "Failed", none: "The member has not been sent anything.", label: "Deliveries to the member",
  },
});

export function DeliverySection({ deliveries }: { deliveries: MemberDetail["deliveries"] }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const format = useFormat();
  // A skip reason, else a bounce or complaint named like a suppression, else the provider's own words.
  const reason = (value: string | null) => {
    if (value === null) return "–";
    const skip = vocabulary.label("skipReason", value);
    return skip !== value ? skip : vocabulary.label("suppressionReason", value);
  };
  const time = (iso: string | null) => <span style={{ whiteSpace: "nowrap" }}>{format.dateTime(iso)}</span>;
  return (
    <Section title={t.title}>
      {deliveries.length === 0 ? (
        <Text>{t.none}</Text>
      ) : (
        <Table.ScrollContainer minWidth={1000}>
          <Table verticalSpacing="xs" striped aria-label={t.label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.campaign}</Table.Th>
                <Table.Th>{t.channel}</Table.Th>
                <Table.Th>{t.status}</Table.Th>
                <Table.Th>{t.reason}</Table.Th>
                <Table.Th>{t.attempts}</Table.Th>
                <Table.Th>{t.sent}</Table.Th>
                <Table.Th>{t.delivered}</Table.Th>
                <Table.Th>{t.failed}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {deliveries.map((d) => (
                <Table.Tr key={`${d.campaignId}-${d.channel}-${d.createdAt}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/campaigns/${d.campaignId}`}>
                      {d.campaignName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{vocabulary.label("channel", d.channel)}</Table.Td>
                  <Table.Td>{vocabulary.label("deliveryStatus", d.status)}</Table.Td>
                  <Table.Td>{reason(d.reason)}</Table.Td>
                  <Table.Td>{format.number(d.attempts)}</Table.Td>
                  <Table.Td>{time(d.sentAt)}</Table.Td>
                  <Table.Td>{time(d.deliveredAt)}</Table.Td>
                  <Table.Td>{time(d.failedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
