// The suppressions, newest first, a page at a time ("Vis flere"). No address column: only a keyed
// hash of each address is stored.
import { Badge, Button, Center, Loader, Table, Text } from "@mantine/core";
import type { UseInfiniteQueryResult, InfiniteData } from "@tanstack/react-query";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { useStaffNames, type SuppressionPage, type Suppression } from "./api.ts";
import { LiftSuppression } from "./LiftSuppression.tsx";
import { describeSource } from "./staffSource.ts";

const texts = defineTexts({
  nb: {
    caption: "Sperrede adresser, nyeste først", channel: "Kanal", reason: "Årsak", source: "Kilde", since: "Sperret", lifted: "Opphevet", action: "Handling",
    active: "Aktiv", none: "Ingen sperringer med disse filtrene.", noneForAddress: "Fant ingen sperring for denne adressen med disse filtrene.",
    more: "Vis flere", loading: "Laster", shown: (n: string) => `Viser ${n} sperringer`, shownOne: "Viser 1 sperring",
  },
  en: {
    caption: "Suppressed addresses, newest first", channel: "Channel", reason: "Reason", source: "Source", since: "Suppressed", lifted: "Lifted", action: "Action",
    active: "Active", none: "No suppressions match these filters.", noneForAddress: "No suppression of this address matches these filters.",
    more: "Show more", loading: "Loading", shown: (n: string) => `Showing ${n} suppressions`, shownOne: "Showing 1 suppression",
  },
});

export interface SuppressionTableProps {
  query: UseInfiniteQueryResult<InfiniteData<SuppressionPage>>;
  lookingUp: boolean;
  canWrite: boolean;
  /** Issues the filters show themselves (a bad lookup address). */
  shownPaths: string[];
}

// A badge in a narrow table cell would otherwise shrink to an ellipsis.
const FULL_WIDTH = { minWidth: "max-content" } as const;

export function SuppressionTable({ query, lookingUp, canWrite, shownPaths }: SuppressionTableProps) {
  const t = useTexts(texts);
  const format = useFormat();
  if (query.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t.loading} />
      </Center>
    );
  }
  if (query.isError) return <ProblemAlert error={query.error} shownPaths={shownPaths} />;
  const items = query.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <Text c="gray.7">{lookingUp ? t.noneForAddress : t.none}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table striped verticalSpacing="sm" aria-label={t.caption}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t.channel}</Table.Th>
              <Table.Th>{t.reason}</Table.Th>
              <Table.Th>{t.source}</Table.Th>
              <Table.Th>{t.since}</Table.Th>
              <Table.Th>{t.lifted}</Table.Th>
              {canWrite && <Table.Th>{t.action}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((suppression) => (
              <SuppressionRow key={suppression.id} suppression={suppression} canWrite={canWrite} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="sm" c="gray.7" mt="xs" role="status">
        {items.length === 1 ? t.shownOne : t.shown(format.number(items.length))}
      </Text>
      {query.hasNextPage && (
        <Center mt="sm">
          <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
            {t.more}
          </Button>
        </Center>
      )}
    </>
  );
}

function SuppressionRow({ suppression, canWrite }: { suppression: Suppression; canWrite: boolean }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const staff = useStaffNames();
  const source = describeSource(suppression.source, staff);
  const liftedBy = describeSource(suppression.liftReason, staff);
  return (
    <Table.Tr>
      <Table.Td>{vocabulary.label("channel", suppression.channel)}</Table.Td>
      <Table.Td>{vocabulary.label("suppressionReason", suppression.reason)}</Table.Td>
      <Table.Td maw={260}>
        <SourceText source={source} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(suppression.at)}</Table.Td>
      <Table.Td maw={280}>
        {suppression.lifted ? (
          <>
            <Text size="sm" style={{ whiteSpace: "nowrap" }}>
              {format.dateTime(suppression.liftedAt)}
            </Text>
            <SourceText source={liftedBy} />
          </>
        ) : (
          <Badge style={FULL_WIDTH} variant="outline" color="gray">
            {t.active}
          </Badge>
        )}
      </Table.Td>
      {canWrite && <Table.Td>{suppression.lifted ? null : <LiftSuppression suppression={suppression} />}</Table.Td>}
    </Table.Tr>
  );
}

function SourceText({ source }: { source: ReturnType<typeof describeSource> }) {
  if (!source) return <Text size="sm">–</Text>;
  return (
    <>
      <Text size="sm">{source.who}</Text>
      {source.note && (
        <Text size="sm" c="gray.7" style={{ overflowWrap: "anywhere" }}>
          {source.note}
        </Text>
      )}
    </>
  );
}
