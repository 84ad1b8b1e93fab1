// The consent ledger for one member: the current choice per purpose × channel (or newsletter),
// then every recorded event, newest first, with who recorded it, from where and on what basis.
import { Anchor, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import type { z } from "zod";
import type { NewsletterList } from "../../../../../src/contracts/admin.ts";
import type { UserList } from "../../../../../src/contracts/auth.ts";
import type { MemberDetail } from "../../../../../src/contracts/members.ts";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { Section } from "./Facts.tsx";

const texts = defineTexts({
  nb: {
    title: "Samtykkehistorikk", current: "Gjeldende valg", events: "Alle hendelser", noCurrent: "Ingen registrerte valg: standardreglene for hvert formål gjelder.",
    noEvents: "Ingen hendelser i samtykkeloggen.",
    what: "Gjelder", action: "Handling", state: "Valg", since: "Siden", source: "Kilde", who: "Registrert av", when: "Tidspunkt", basis: "Grunnlag",
    allPurposes: "Alle formål", newsletter: (name: string) => `Nyhetsbrev: ${name}`, newsletterId: (id: number) => `nyhetsbrev ${id}`,
    member: "Medlemmet selv", user: (name: string) => `Ansatt: ${name}`, userId: (id: string) => `bruker ${id}`, system: (name: string) => `System (${name})`,
    campaign: (id: number) => `kampanje ${id}`,
    currentLabel: "Gjeldende valg per formål og kanal", eventsLabel: "Hendelser i samtykkeloggen",
  },
  en: {
    title: "Consent history", current: "Current choices", events: "All events", noCurrent: "No choices recorded: each purpose's default rules apply.",
    noEvents: "No events in the consent ledger.",
    what: "Applies to", action: "Action", state: "Choice", since: "Since", source: "Source", who: "Recorded by", when: "Time", basis: "Basis",
    allPurposes: "All purposes", newsletter: (name: string) => `Newsletter: ${name}`, newsletterId: (id: number) => `newsletter ${id}`,
    member: "The member", user: (name: string) => `Staff: ${name}`, userId: (id: string) => `user ${id}`, system: (name: string) => `System (${name})`,
    campaign: (id: number) => `campaign ${id}`,
    currentLabel: "Current choice per purpose and channel", eventsLabel: "Events in the consent ledger",
  },
});

type Consent = MemberDetail["consent"];
type Scope = { purpose: string; channel: string; newsletterId: number | null };

/** "Kampanje · SMS", "Alle formål · E-post", "Nyhetsbrev: Medlemsbladet · E-post". */
function useScopeLabel(consent: Consent) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const { can } = useSession();
  const needsNewsletters = [...consent.history, ...consent.current].some((e) => e.newsletterId !== null);
  const newsletters = useQuery({
    queryKey: ["newsletters"],
    queryFn: ({ signal }) => api<z.infer<typeof NewsletterList>>("/newsletters", { signal }),
    enabled: needsNewsletters && can("newsletters.read"),
    staleTime: 5 * 60_000,
  });
  return (scope: Scope) => {
    const channel = vocabulary.label("channel", scope.channel);
    if (scope.newsletterId !== null) {
      const name = newsletters.data?.items.find((n) => n.id === scope.newsletterId)?.name ?? t.newsletterId(scope.newsletterId);
      return `${t.newsletter(name)} · ${channel}`;
    }
    const purpose = scope.purpose === "all" ? t.allPurposes : vocabulary.label("purpose", scope.purpose);
    return `${purpose} · ${channel}`;
  };
}

/** "member", "user:12", "system:import" in words; staff names when the user may list staff. */
function useActorLabel() {
  const t = useTexts(texts);
  const { can } = useSession();
  const users = useQuery({
    queryKey: ["users"],
    queryFn: ({ signal }) => api<z.infer<typeof UserList>>("/users", { signal }),
    enabled: can("users.manage"),
    staleTime: 5 * 60_000,
  });
  return (actor: string) => {
    if (actor === "member") return t.member;
    const [kind, rest = ""] = actor.split(/:(.*)/s, 2);
    if (kind === "user") {
      const name = users.data?.items.find((u) => String(u.id) === rest)?.name;
      return t.user(name ?? t.userId(rest));
    }
    if (kind === "system") return t.system(rest);
    return actor;
  };
}

export function ConsentSection({ consent }: { consent: Consent }) {
  const t = useTexts(texts);
  const scopeLabel = useScopeLabel(consent);
  return (
    <Section title={t.title}>
      <Title order={3} size="h4" mb="xs">
        {t.current}
      </Title>
      <CurrentTable current={consent.current} scopeLabel={scopeLabel} />
      <Title order={3} size="h4" mt="lg" mb="xs">
        {t.events}
      </Title>
      <HistoryTable history={consent.history} scopeLabel={scopeLabel} />
    </Section>
  );
}

function CurrentTable({ current, scopeLabel }: { current: Consent["current"]; scopeLabel: (scope: Scope) => string }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const format = useFormat();
  if (current.length === 0) return <Text>{t.noCurrent}</Text>;
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing="xs" aria-label={t.currentLabel}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.what}</Table.Th>
            <Table.Th>{t.state}</Table.Th>
            <Table.Th>{t.since}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {current.map((state) => (
            <Table.Tr key={`${state.purpose}|${state.channel}|${state.newsletterId ?? ""}`}>
              <Table.Td>{scopeLabel(state)}</Table.Td>
              <Table.Td>{vocabulary.label("consentAction", state.action)}</Table.Td>
              <Table.Td>{format.dateTime(state.at)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function HistoryTable({ history, scopeLabel }: { history: Consent["history"]; scopeLabel: (scope: Scope) => string }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const format = useFormat();
  const actorLabel = useActorLabel();
  if (history.length === 0) return <Text>{t.noEvents}</Text>;
  // The API gives the ledger oldest first; the latest change is what staff look for.
  const newestFirst = [...history].reverse();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="xs" striped aria-label={t.eventsLabel}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.when}</Table.Th>
            <Table.Th>{t.what}</Table.Th>
            <Table.Th>{t.action}</Table.Th>
            <Table.Th>{t.source}</Table.Th>
            <Table.Th>{t.who}</Table.Th>
            <Table.Th>{t.basis}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(event.at)}</Table.Td>
              <Table.Td>{scopeLabel(event)}</Table.Td>
              <Table.Td>{vocabulary.label("consentAction", event.action)}</Table.Td>
              <Table.Td>
                {vocabulary.label("consentSource", event.source)}
                {event.campaignId !== null && (
                  <>
                    {" ("}
                    <Anchor component={Link} to={`/campaigns/${event.campaignId}`}>
                      {t.campaign(event.campaignId)}
                    </Anchor>
                    {")"}
                  </>
                )}
              </Table.Td>
              <Table.Td>{actorLabel(event.actor)}</Table.Td>
              <Table.Td>{event.basis ?? "–"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
