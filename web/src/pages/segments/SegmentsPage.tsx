// Saved segments, paged with the API's cursors: name, description, latest version, last change.
// A row opens the segment (its rules, live count and versions).
import { Anchor, Button, Group, Loader, Table, Text } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import type { z } from "zod";
import type { SegmentPage } from "../../../../src/contracts/segments.ts";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";

type SegmentList = z.infer<typeof SegmentPage>;

const PAGE_SIZE = 25;

const texts = defineTexts({
  nb: {
    title: "Segmenter",
    new: "Nytt segment",
    caption: "Lagrede segmenter",
    name: "Navn",
    description: "Beskrivelse",
    version: "Versjon",
    updated: "Sist endret",
    none: "Ingen lagrede segmenter ennå.",
    loading: "Laster segmenter …",
    previous: "Forrige side",
    next: "Neste side",
    page: (n: number) => `Side ${n}`,
  },
  en: {
    title: "Segments",
    new: "New segment",
    caption: "Saved segments",
    name: "Name",
    description: "Description",
    version: "Version",
    updated: "Last changed",
    none: "No saved segments yet.",
    loading: "Loading segments …",
    previous: "Previous page",
    next: "Next page",
    page: (n: number) => `Page ${n}`,
  },
});

export default function SegmentsPage() {
  const t = useTexts(texts);
  const { can } = useSession();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const query = useQuery({
    queryKey: ["segments", "list", cursor ?? null],
    queryFn: ({ signal }) => api<SegmentList>("/segments", { query: { limit: PAGE_SIZE, cursor }, signal }),
    placeholderData: keepPreviousData,
  });
  const next = query.data?.nextCursor;

  return (
    <>
      <PageHeader title={t.title}>
        {(can("segments.write") || can("segments.preview")) && (
          <Button component={Link} to="/segments/new">
            {t.new}
          </Button>
        )}
      </PageHeader>
      {query.isError && <ProblemAlert error={query.error} />}
      {query.isPending && <Loader aria-label={t.loading} />}
      {query.data && (
        <>
          <SegmentTable items={query.data.items} />
          {(cursors.length > 0 || next) && (
            <Group justify="space-between" mt="sm">
              <Text size="sm" c="dimmed">
                {t.page(cursors.length + 1)}
              </Text>
              <Group gap="xs">
                <Button variant="default" disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
                  {t.previous}
                </Button>
                <Button variant="default" disabled={!next} onClick={() => next && setCursors([...cursors, next])}>
                  {t.next}
                </Button>
              </Group>
            </Group>
          )}
        </>
      )}
    </>
  );
}

function SegmentTable({ items }: { items: SegmentList["items"] }) {
  const t = useTexts(texts);
  const format = useFormat();
  const navigate = useNavigate();
  if (items.length === 0) return <Text>{t.none}</Text>;
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table highlightOnHover verticalSpacing="sm" aria-label={t.caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.name}</Table.Th>
            <Table.Th>{t.description}</Table.Th>
            <Table.Th ta="right">{t.version}</Table.Th>
            <Table.Th>{t.updated}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((segment) => (
            // The whole row opens the segment for the mouse; the name is the link for the keyboard.
            <Table.Tr key={segment.id} style={{ cursor: "pointer" }} onClick={() => navigate(`/segments/${segment.id}`)}>
              <Table.Td>
                <Anchor component={Link} to={`/segments/${segment.id}`} fw={500} onClick={(event) => event.stopPropagation()}>
                  {segment.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={segment.description ? undefined : "dimmed"} lineClamp={2}>
                  {segment.description || "–"}
                </Text>
              </Table.Td>
              <Table.Td ta="right" style={{ fontVariantNumeric: "tabular-nums" }}>
                {segment.latestVersion}
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(segment.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
