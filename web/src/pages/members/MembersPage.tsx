// Member search: one text field over name, member number, email, employer and municipality,
// paged with the API's cursors. The search text may be an email address, so it lives in
// component state only, never in the browser's URL (a reload forgets it, on purpose).
import { Anchor, Button, Group, Loader, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { z } from "zod";
import type { MemberPage as MemberPageSchema, MemberSummary } from "../../../../src/contracts/members.ts";
import { api, fieldError } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { ContactStateBadge } from "./ContactBadges.tsx";

type MemberList = z.infer<typeof MemberPageSchema>;

// Mantine's description colour ("dimmed", #868e96) is 3.3:1 on white; this grey reads at 8:1.
const DESCRIPTION = { c: "gray.7" };

const PAGE_SIZE = 25;

const texts = defineTexts({
  nb: {
    title: "Medlemmer",
    search: "Søk etter medlem",
    hint: "Navn, medlemsnummer, e-post, arbeidsgiver (navn eller organisasjonsnummer) eller kommune (navn eller nummer). Tomt felt viser alle.",
    stewardNote: "Du ser bare medlemmer i ditt område.",
    number: "Medlemsnr.", name: "Navn", status: "Status", employer: "Arbeidsgiver", municipality: "Kommune", branch: "Avdeling", email: "E-post", mobile: "SMS", address: "Adresse",
    caption: "Medlemmer som passer søket",
    none: "Ingen medlemmer passer søket.",
    searching: "Søker …",
    previous: "Forrige side", next: "Neste side", page: (n: number) => `Side ${n}`,
  },
  en: {
    title: "Members",
    search: "Search for a member",
    hint: "Name, member number, email, employer (name or organisation number) or municipality (name or number). Leave empty to list everyone.",
    stewardNote: "You only see members in your area.",
    number: "Member no.", name: "Name", status: "Status", employer: "Employer", municipality: "Municipality", branch: "Branch", email: "Email", mobile: "SMS", address: "Address",
    caption: "Members matching the search",
    none: "No members match the search.",
    searching: "Searching …",
    previous: "Previous page", next: "Next page", page: (n: number) => `Page ${n}`,
  },
});

export default function MembersPage() {
  const t = useTexts(texts);
  const { session } = useSession();
  const [text, setText] = useState("");
  const [q] = useDebouncedValue(text.trim(), 300);
  // The cursors of the pages before the one shown; they belong to one search text and start
  // over when it changes.
  const [paging, setPaging] = useState<{ q: string; cursors: string[] }>({ q: "", cursors: [] });
  const cursors = paging.q === q ? paging.cursors : [];
  const cursor = cursors.at(-1);

  const query = useQuery({
    queryKey: ["members", "search", q, cursor ?? null],
    queryFn: ({ signal }) => api<MemberList>("/members/search", { method: "POST", body: { q: q || undefined, limit: PAGE_SIZE, cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const searchError = fieldError(query.error, "q") ?? fieldError(query.error, "querystring.q");
  const next = query.data?.nextCursor;

  return (
    <>
      <PageHeader title={t.title} />
      {session?.user.role === "steward" && (
        <Text size="sm" mb="sm">
          {t.stewardNote}
        </Text>
      )}
      <TextInput
        label={t.search}
        description={t.hint}
        descriptionProps={DESCRIPTION}
        type="search"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        maxLength={200}
        autoComplete="off"
        error={searchError}
        rightSection={query.isFetching && !query.isPending ? <Loader size="xs" aria-label={t.searching} /> : null}
        mb="md"
        maw={640}
      />
      {query.isError && !searchError && <ProblemAlert error={query.error} shownPaths={["q", "querystring.q"]} />}
      {query.data && (
        <>
          <ResultTable items={query.data.items} />
          <Pager
            page={cursors.length + 1}
            onPrevious={cursors.length > 0 ? () => setPaging({ q, cursors: cursors.slice(0, -1) }) : null}
            onNext={next ? () => setPaging({ q, cursors: [...cursors, next] }) : null}
          />
        </>
      )}
      {query.isPending && <Loader aria-label={t.searching} />}
    </>
  );
}

function Pager({ page, onPrevious, onNext }: { page: number; onPrevious: (() => void) | null; onNext: (() => void) | null }) {
  const t = useTexts(texts);
  if (!onPrevious && !onNext) return null;
  return (
    <Group justify="space-between" mt="sm">
      <Text size="sm" c="gray.7">
        {t.page(page)}
      </Text>
      <Group gap="xs">
        <Button variant="default" disabled={!onPrevious} onClick={() => onPrevious?.()}>
          {t.previous}
        </Button>
        <Button variant="default" disabled={!onNext} onClick={() => onNext?.()}>
          {t.next}
        </Button>
      </Group>
    </Group>
  );
}

function ResultTable({ items }: { items: MemberSummary[] }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  if (items.length === 0) return <Text>{t.none}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={t.caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.number}</Table.Th>
            <Table.Th>{t.name}</Table.Th>
            <Table.Th>{t.status}</Table.Th>
            <Table.Th>{t.employer}</Table.Th>
            <Table.Th>{t.municipality}</Table.Th>
            <Table.Th>{t.branch}</Table.Th>
            <Table.Th>{t.email}</Table.Th>
            <Table.Th>{t.mobile}</Table.Th>
            <Table.Th>{t.address}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((member) => (
            <Table.Tr key={member.memberNumber}>
              <Table.Td>
                <Anchor component={Link} to={`/members/${encodeURIComponent(member.memberNumber)}`} size="sm">
                  {member.memberNumber}
                </Anchor>
              </Table.Td>
              <Table.Td>{`${member.firstName} ${member.lastName}`}</Table.Td>
              <Table.Td>{vocabulary.label("memberStatus", member.status)}</Table.Td>
              <Table.Td>{member.employer ?? "–"}</Table.Td>
              <Table.Td>{member.municipality ?? "–"}</Table.Td>
              <Table.Td>{member.branch ?? "–"}</Table.Td>
              <Table.Td>
                <ContactStateBadge state={member.contact.email} />
              </Table.Td>
              <Table.Td>
                <ContactStateBadge state={member.contact.mobile} />
              </Table.Td>
              <Table.Td>
                <ContactStateBadge state={member.contact.address} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
