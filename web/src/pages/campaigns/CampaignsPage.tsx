// Every campaign the user may see, newest first, filtered by state and paged with the API's
// cursors. The state filter lives in the URL (?state=sending), so a filtered list can be linked.
import { Anchor, Button, Group, Select, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { StateBadge } from "./page/StateBadge.tsx";
import { campaignKeys, type Campaign, type CampaignList } from "./page/types.ts";

const PAGE_SIZE = 25;

const texts = defineTexts({
  nb: {
    title: "Kampanjer", create: "Ny kampanje", state: "Status", all: "Alle statuser",
    caption: "Kampanjer", name: "Navn", purpose: "Formål", channels: "Kanaler", sendAt: "Sendes", created: "Opprettet",
    none: "Ingen kampanjer.", noneInState: "Ingen kampanjer med denne statusen.",
    previous: "Forrige side", next: "Neste side", page: (n: number) => `Side ${n}`, notSet: "Ikke satt",
  },
  en: {
    title: "Campaigns", create: "New campaign", state: "State", all: "All states",
    caption: "Campaigns", name: "Name", purpose: "Purpose", channels: "Channels", sendAt: "Sends", created: "Created",
    none: "No campaigns.", noneInState: "No campaigns in this state.",
    previous: "Previous page", next: "Next page", page: (n: number) => `Page ${n}`, notSet: "Not set",
  },
});

export default function CampaignsPage() {
  const t = useTexts(texts);
  const { can } = useSession();
  const vocabulary = useVocabulary();
  const [params, setParams] = useSearchParams();
  const state = params.get("state");
  // The cursors of the pages before the one shown; they belong to one filter and start over with another.
  const [paging, setPaging] = useState<{ state: string | null; cursors: string[] }>({ state: null, cursors: [] });
  const cursors = paging.state === state ? paging.cursors : [];
  const cursor = cursors.at(-1) ?? null;

  const query = useQuery({
    queryKey: campaignKeys.list(state, cursor, PAGE_SIZE),
    queryFn: ({ signal }) => api<CampaignList>("/campaigns", { query: { state: state ?? undefined, cursor: cursor ?? undefined, limit: PAGE_SIZE }, signal }),
    placeholderData: keepPreviousData,
  });
  const next = query.data?.nextCursor;

  return (
    <>
      <PageHeader title={t.title}>
        {can("campaigns.write") && (
          <Button component={Link} to="/campaigns/new">
            {t.create}
          </Button>
        )}
      </PageHeader>
      <Select
        label={t.state}
        placeholder={t.all}
        data={vocabulary.options("state")}
        value={state}
        onChange={(value) => setParams(value ? { state: value } : {}, { replace: true })}
        clearable
        w={260}
        mb="md"
      />
      <QueryState query={query}>
        {(data) => (
          <>
            {data.items.length === 0 ? <Text c="gray.7">{state ? t.noneInState : t.none}</Text> : <CampaignTable items={data.items} />}
            {(cursors.length > 0 || next) && (
              <Group justify="space-between" mt="sm">
                <Text size="sm" c="gray.7">
                  {t.page(cursors.length + 1)}
                </Text>
                <Group gap="xs">
                  <Button variant="default" disabled={cursors.length === 0} onClick={() => setPaging({ state, cursors: cursors.slice(0, -1) })}>
                    {t.previous}
                  </Button>
                  <Button variant="default" disabled={!next} onClick={() => next && setPaging({ state, cursors: [...cursors, next] })}>
                    {t.next}
                  </Button>
                </Group>
              </Group>
            )}
          </>
        )}
      </QueryState>
    </>
  );
}

function CampaignTable({ items }: { items: Campaign[] }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label={t.caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.name}</Table.Th>
            <Table.Th>{t.purpose}</Table.Th>
            <Table.Th>{t.channels}</Table.Th>
            <Table.Th>{t.state}</Table.Th>
            <Table.Th>{t.sendAt}</Table.Th>
            <Table.Th>{t.created}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/campaigns/${c.id}`}>
                  {c.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{vocabulary.label("purpose", c.purpose)}</Table.Td>
              <Table.Td>{c.channels.map((ch) => vocabulary.label("channel", ch)).join(", ")}</Table.Td>
              <Table.Td>
                <StateBadge state={c.state} size="sm" />
              </Table.Td>
              <Table.Td>{c.sendAt ? format.dateTime(c.sendAt) : t.notSet}</Table.Td>
              <Table.Td>{format.dateTime(c.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
