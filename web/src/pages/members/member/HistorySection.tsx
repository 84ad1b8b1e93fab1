// "Hva vi har sendt": the member's art. 15 history as the member sees it on their own page.
// Each message that left us, why the member got it (the audience and the lawful basis) and what
// the member had chosen for that purpose and channel at the time. Messages older than the
// retention period are gone, and the section says so. Fetched only for roles that may see it.
import { Anchor, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { HistoryEntry, MemberHistory } from "../../../../../src/contracts/history.ts";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { QueryState } from "../../../components/QueryState.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { Section } from "./Facts.tsx";

const texts = defineTexts({
  nb: {
    title: "Hva vi har sendt", label: "Meldinger sendt til medlemmet, med grunnlag", when: "Tidspunkt", campaign: "Kampanje", channel: "Kanal",
    purpose: "Formål", why: "Hvorfor", consent: "Samtykke da",
    none: "Vi har ikke sendt medlemmet noe innenfor lagringstiden.",
    retention: (days: string) => `Meldinger eldre enn ${days} dager er slettet etter lagringstiden.`,
    named: (kind: string, name: string) => `${kind}: ${name}`,
    since: (date: string) => `siden ${date}`,
  },
  en: {
    title: "What we have sent", label: "Messages sent to the member, with the grounds", when: "Time", campaign: "Campaign", channel: "Channel",
    purpose: "Purpose", why: "Why", consent: "Consent then",
    none: "We have sent the member nothing within the retention period.",
    retention: (days: string) => `Messages older than ${days} days have been deleted after the retention period.`,
    named: (kind: string, name: string) => `${kind}: ${name}`,
    since: (date: string) => `since ${date}`,
  },
});

export function historyKey(memberNumber: string) {
  return ["member", memberNumber, "history"] as const;
}

export function HistorySection({ memberNumber }: { memberNumber: string }) {
  const t = useTexts(texts);
  const { can } = useSession();
  const allowed = can("members.history");
  const query = useQuery({
    queryKey: historyKey(memberNumber),
    queryFn: ({ signal }) => api<MemberHistory>(`/members/${encodeURIComponent(memberNumber)}/history`, { signal }),
    enabled: allowed,
    // Like the member itself: each reading is audited, so a regained focus does not ask again.
    staleTime: 60_000,
  });
  if (!allowed) return null;
  return (
    <Section title={t.title}>
      <QueryState query={query}>{(history) => <HistoryTable history={history} />}</QueryState>
    </Section>
  );
}

function HistoryTable({ history }: { history: MemberHistory }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  return (
    <Stack gap="sm">
      {history.entries.length === 0 ? (
        <Text>{t.none}</Text>
      ) : (
        <Table.ScrollContainer minWidth={1000}>
          <Table verticalSpacing="xs" striped aria-label={t.label}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t.when}</Table.Th>
                <Table.Th>{t.campaign}</Table.Th>
                <Table.Th>{t.channel}</Table.Th>
                <Table.Th>{t.purpose}</Table.Th>
                <Table.Th>{t.why}</Table.Th>
                <Table.Th>{t.consent}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.entries.map((entry) => (
                <Table.Tr key={entry.deliveryId}>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(entry.at)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/campaigns/${entry.campaignId}`}>
                      {entry.campaignName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{vocabulary.label("channel", entry.channel)}</Table.Td>
                  <Table.Td>{vocabulary.label("purpose", entry.purpose)}</Table.Td>
                  <Table.Td>
                    <Why why={entry.why} />
                  </Table.Td>
                  <Table.Td>
                    <ConsentThen consent={entry.consent} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Text size="sm" c="gray.7">
        {t.retention(format.number(history.retentionDays))}
      </Text>
    </Stack>
  );
}

/** The audience (a segment's or newsletter's name, else how it was chosen), the lawful basis and its legal reference. */
function Why({ why }: { why: HistoryEntry["why"] }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const kind = vocabulary.label("historyAudience", why.audience);
  const name = why.audience === "newsletter" ? why.newsletterName : why.audience === "segment" ? why.segmentName : null;
  return (
    <>
      <Text size="sm">{name ? t.named(kind, name) : kind}</Text>
      <Text size="sm">{vocabulary.label("lawfulBasis", why.lawfulBasis)}</Text>
      <Text size="xs" c="gray.7">
        {why.legalReference}
      </Text>
    </>
  );
}

function ConsentThen({ consent }: { consent: HistoryEntry["consent"] }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  return (
    <>
      <Text size="sm">{vocabulary.label("consentChoice", consent.choice)}</Text>
      {consent.since && (
        <Text size="xs" c="gray.7">
          {t.since(format.date(consent.since))}
          {consent.source ? ` · ${vocabulary.label("consentSource", consent.source)}` : null}
        </Text>
      )}
    </>
  );
}
