// The templates: name, purpose, channels, latest version and when it changed; a row opens the editor.
import { Anchor, Badge, Button, Group, Table, Text } from "@mantine/core";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import type { TemplateSummary } from "./draft.ts";

const texts = defineTexts({
  nb: {
    title: "Maler", create: "Ny mal", name: "Navn", purpose: "Formål", channels: "Kanaler", version: "Siste versjon", updated: "Endret",
    empty: "Ingen maler ennå.", more: "Vis flere",
  },
  en: {
    title: "Templates", create: "New template", name: "Name", purpose: "Purpose", channels: "Channels", version: "Latest version", updated: "Changed",
    empty: "No templates yet.", more: "Show more",
  },
});

interface Page {
  items: TemplateSummary[];
  nextCursor: string | null;
}

export default function TemplatesPage() {
  const t = useTexts(texts);
  const { can } = useSession();
  const format = useFormat();
  const { label } = useVocabulary();
  const navigate = useNavigate();
  const query = useInfiniteQuery({
    queryKey: ["templates", "list"],
    queryFn: ({ pageParam, signal }) => api<Page>("/templates", { query: { limit: 50, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  return (
    <>
      <PageHeader title={t.title}>
        {can("templates.write") ? (
          <Button component={Link} to="/templates/new">
            {t.create}
          </Button>
        ) : null}
      </PageHeader>
      <QueryState query={query}>
        {(data) => {
          const items = data.pages.flatMap((p) => p.items);
          if (items.length === 0) return <Text>{t.empty}</Text>;
          return (
            <>
              <Table.ScrollContainer minWidth={700}>
                <Table highlightOnHover verticalSpacing="sm">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t.name}</Table.Th>
                      <Table.Th>{t.purpose}</Table.Th>
                      <Table.Th>{t.channels}</Table.Th>
                      <Table.Th>{t.version}</Table.Th>
                      <Table.Th>{t.updated}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.map((item) => (
                      <Table.Tr key={item.id} style={{ cursor: "pointer" }} onClick={() => void navigate(`/templates/${item.id}`)}>
                        <Table.Td>
                          {/* The link is the keyboard's way in; the row click is a convenience. */}
                          <Anchor component={Link} to={`/templates/${item.id}`} onClick={(e) => e.stopPropagation()}>
                            {item.name}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{label("purpose", item.purpose)}</Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {item.channels.map((c) => (
                              <Badge key={c} variant="light" color="gray" c="dark">
                                {label("channel", c)}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                        <Table.Td>{format.number(item.latestVersion)}</Table.Td>
                        <Table.Td>{format.dateTime(item.updatedAt)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              {query.hasNextPage ? (
                <Group justify="center" mt="md">
                  <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
                    {t.more}
                  </Button>
                </Group>
              ) : null}
              <ProblemAlert error={query.isFetchNextPageError ? query.error : null} />
            </>
          );
        }}
      </QueryState>
    </>
  );
}
