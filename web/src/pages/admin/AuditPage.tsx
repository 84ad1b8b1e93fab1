// The audit trail (admins): filters, newest first, paged with the API's cursor ("Vis flere").
import { Button, Group, Text } from "@mantine/core";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import type { AuditEntrySchema, UserList } from "../../../../src/contracts/auth.ts";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { AuditFilters, NO_FILTERS, type AuditFilterValues } from "./audit/AuditFilters.tsx";
import { AuditTable } from "./audit/AuditTable.tsx";
import { nextDay, osloMidnight } from "./audit/osloDay.ts";

type AuditPage = { items: Array<z.infer<typeof AuditEntrySchema>>; nextCursor: string | null };

const PAGE_SIZE = 50;
const FILTER_PATHS = ["action", "actorId", "targetType", "targetId", "from", "to"].flatMap((p) => [p, `querystring.${p}`]);

const texts = defineTexts({
  nb: { title: "Revisjonslogg", more: "Vis flere", shown: (n: string) => `Viser ${n} hendelser, nyeste først.` },
  en: { title: "Audit log", more: "Show more", shown: (n: string) => `Showing ${n} entries, newest first.` },
});

/** The filters as the API's query: days become Oslo midnights, the end day included. */
function toQuery(filters: AuditFilterValues) {
  return {
    action: filters.action || undefined,
    actorId: filters.actorId ?? undefined,
    targetType: filters.targetType || undefined,
    targetId: filters.targetId || undefined,
    from: filters.from ? osloMidnight(filters.from) : undefined,
    to: filters.to ? osloMidnight(nextDay(filters.to)) : undefined,
    limit: PAGE_SIZE,
  };
}

export default function AuditPage() {
  const t = useTexts(texts);
  const format = useFormat();
  const { can } = useSession();
  const [filters, setFilters] = useState<AuditFilterValues>(NO_FILTERS);
  const users = useQuery({
    queryKey: ["users"],
    queryFn: ({ signal }) => api<z.infer<typeof UserList>>("/users", { signal }),
    enabled: can("users.manage"),
    staleTime: 5 * 60_000,
  });
  const query = useInfiniteQuery({
    queryKey: ["audit", filters],
    queryFn: ({ pageParam, signal }) => api<AuditPage>("/audit", { query: { ...toQuery(filters), cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const entries = query.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader title={t.title} />
      <AuditFilters applied={filters} onApply={setFilters} users={users.data?.items ?? null} error={query.error} />
      <ProblemAlert error={query.error} shownPaths={FILTER_PATHS} />
      {query.data && !query.isError && (
        <>
          <Text size="sm" c="gray.7" mt="lg" mb="xs" role="status">
            {t.shown(format.number(entries.length))}
          </Text>
          <AuditTable entries={entries} users={users.data?.items ?? null} />
          {query.hasNextPage && (
            <Group justify="center" mt="md">
              <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                {t.more}
              </Button>
            </Group>
          )}
        </>
      )}
    </>
  );
}
