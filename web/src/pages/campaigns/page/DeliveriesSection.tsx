// The campaign's deliveries, member by member (a read of personal data: each page is audited,
// so the list loads only when asked for), with filters, "Vis flere" paging and a CSV export.
// The export is a plain link: the browser downloads it with the session cookie, and the member
// numbers travel in the file, never in a URL.
import { Anchor, Button, Group, Select, Table, Text } from "@mantine/core";
import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, apiUrl } from "../../../api/client.ts";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { reasonsOf } from "./progress.ts";
import { campaignKeys, DELIVERY_STATUS_VALUES, type Campaign, type CampaignStatus, type Delivery, type DeliveryList } from "./types.ts";

const PAGE_SIZE = 50;

const texts = defineTexts({
  nb: {
    intro: "Listen viser medlemsnumre. Hvert oppslag og hver nedlasting blir logget.",
    show: "Vis leveranser", csv: "Last ned CSV",
    channel: "Kanal", status: "Status", reason: "Årsak", all: "Alle",
    caption: "Leveranser", number: "Medlemsnr.", attempts: "Forsøk", sentAt: "Sendt", settledAt: "Levert eller feilet",
    none: "Ingen leveranser passer filteret.", more: "Vis flere", shown: (n: string) => `Viser ${n} leveranser.`,
  },
  en: {
    intro: "The list shows member numbers. Every view and download is logged.",
    show: "Show deliveries", csv: "Download CSV",
    channel: "Channel", status: "Status", reason: "Reason", all: "All",
    caption: "Deliveries", number: "Member no.", attempts: "Attempts", sentAt: "Sent", settledAt: "Delivered or failed",
    none: "No deliveries match the filter.", more: "Show more", shown: (n: string) => `Showing ${n} deliveries.`,
  },
});

interface Filter {
  channel: string | null;
  status: string | null;
  reason: string | null;
}

const queryOf = (f: Filter) => ({ channel: f.channel ?? undefined, status: f.status ?? undefined, reason: f.reason ?? undefined });

export function DeliveriesSection({ campaign, status }: { campaign: Campaign; status: CampaignStatus | null }) {
  const t = useTexts(texts);
  const vocabulary = useVocabulary();
  const [shown, setShown] = useState(false);
  const [filter, setFilter] = useState<Filter>({ channel: null, status: null, reason: null });
  const reasons = status ? [...reasonsOf(status, "skippedByReason"), ...reasonsOf(status, "failedByReason", "bouncedByReason")].map((r) => r.reason) : [];
  const reasonOptions = [...new Set(reasons)].map((value) => ({ value, label: vocabulary.label("skipReason", value) }));
  const csvHref = apiUrl(`/campaigns/${campaign.id}/deliveries`, { format: "csv", ...queryOf(filter) });
  const set = (key: keyof Filter) => (value: string | null) => setFilter((f) => ({ ...f, [key]: value }));

  return (
    <>
      <Text size="sm" c="gray.7" mb="sm">
        {t.intro}
      </Text>
      <Group align="flex-end" gap="sm" mb="md" wrap="wrap">
        <Select label={t.channel} placeholder={t.all} data={vocabulary.options("channel", campaign.channels)} value={filter.channel} onChange={set("channel")} clearable w={160} />
        <Select label={t.status} placeholder={t.all} data={vocabulary.options("deliveryStatus", DELIVERY_STATUS_VALUES)} value={filter.status} onChange={set("status")} clearable w={180} />
        <Select label={t.reason} placeholder={t.all} data={reasonOptions} value={filter.reason} onChange={set("reason")} clearable searchable w={240} disabled={reasonOptions.length === 0} />
        {!shown && <Button onClick={() => setShown(true)}>{t.show}</Button>}
        <Button component="a" href={csvHref} download variant="default">
          {t.csv}
        </Button>
      </Group>
      {shown && <DeliveryList campaignId={campaign.id} filter={filter} />}
    </>
  );
}

function DeliveryList({ campaignId, filter }: { campaignId: number; filter: Filter }) {
  const t = useTexts(texts);
  const format = useFormat();
  const query = useInfiniteQuery({
    queryKey: campaignKeys.deliveries(campaignId, filter),
    queryFn: ({ pageParam, signal }) =>
      api<DeliveryList>(`/campaigns/${campaignId}/deliveries`, { query: { ...queryOf(filter), limit: PAGE_SIZE, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    // Every fetch is an audited read of personal data: no refetching behind the user's back.
    staleTime: Infinity,
  });
  if (query.isError) return <ProblemAlert error={query.error} />;
  if (!query.data) return null;
  const rows = query.data.pages.flatMap((p) => p.items);
  if (rows.length === 0) return <Text c="gray.7">{t.none}</Text>;
  return (
    <>
      <Text size="sm" c="gray.7" mb="xs" role="status">
        {t.shown(format.number(rows.length))}
      </Text>
      <DeliveryTable rows={rows} />
      {query.hasNextPage && (
        <Group justify="center" mt="md">
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t.more}
          </Button>
        </Group>
      )}
    </>
  );
}

function DeliveryTable({ rows }: { rows: Delivery[] }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table aria-label={t.caption} striped highlightOnHover verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.number}</Table.Th>
            <Table.Th>{t.channel}</Table.Th>
            <Table.Th>{t.status}</Table.Th>
            <Table.Th>{t.reason}</Table.Th>
            <Table.Th ta="right">{t.attempts}</Table.Th>
            <Table.Th>{t.sentAt}</Table.Th>
            <Table.Th>{t.settledAt}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((d) => (
            <Table.Tr key={`${d.memberNumber}-${d.channel}`}>
              <Table.Td>
                <Anchor component={Link} to={`/members/${encodeURIComponent(d.memberNumber)}`}>
                  {d.memberNumber}
                </Anchor>
              </Table.Td>
              <Table.Td>{vocabulary.label("channel", d.channel)}</Table.Td>
              <Table.Td>{vocabulary.label("deliveryStatus", d.status)}</Table.Td>
              <Table.Td>{d.reason === null ? "–" : d.status === "skipped" ? vocabulary.label("skipReason", d.reason) : <code>{d.reason}</code>}</Table.Td>
              <Table.Td ta="right">{format.number(d.attempts)}</Table.Td>
              <Table.Td>{format.dateTime(d.sentAt)}</Table.Td>
              <Table.Td>{format.dateTime(d.deliveredAt ?? d.failedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
