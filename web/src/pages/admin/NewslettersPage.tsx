// Newsletters members can subscribe to, one by one: list (with schedule, subscribers and a
// skipped latest slot), create (slug + name), rename; each links to its page (settings, issues).
import { Anchor, Badge, Code, Table, Text } from "@mantine/core";
import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { NEWSLETTERS_KEY } from "./parts/api.ts";
import type { NewsletterDetails } from "./newsletter/newsletterApi.ts";
import { NewNewsletter } from "./parts/NewNewsletter.tsx";
import { RenameNewsletter } from "./parts/RenameNewsletter.tsx";

const texts = defineTexts({
  nb: {
    title: "Nyhetsbrev",
    intro: "Medlemmene melder seg på hvert nyhetsbrev for seg. Slugen er nyhetsbrevets faste kortform i lenker og oppsett og kan ikke endres; navnet kan endres.",
    caption: "Nyhetsbrev", name: "Navn", slug: "Slug", created: "Opprettet", action: "Handling", none: "Ingen nyhetsbrev ennå.",
    schedule: "Plan (norsk tid)", subscribers: "Abonnenter", manual: "Manuell", skipped: "Sist hoppet over",
  },
  en: {
    title: "Newsletters",
    intro: "Members subscribe to each newsletter separately. The slug is the newsletter's fixed short form in links and settings and cannot change; the name can.",
    caption: "Newsletters", name: "Name", slug: "Slug", created: "Created", action: "Action", none: "No newsletters yet.",
    schedule: "Schedule (Oslo time)", subscribers: "Subscribers", manual: "By hand", skipped: "Last slot skipped",
  },
});

export default function NewslettersPage() {
  const t = useTexts(texts);
  const format = useFormat();
  const { can } = useSession();
  const canWrite = can("newsletters.write");
  const query = useQuery({ queryKey: NEWSLETTERS_KEY, queryFn: ({ signal }) => api<NewsletterDetails>("/newsletters", { signal }) });
  return (
    <>
      <PageHeader title={t.title}>{canWrite && <NewNewsletter />}</PageHeader>
      <Text size="sm" c="gray.7" mb="md" maw={760}>
        {t.intro}
      </Text>
      <QueryState query={query}>
        {({ items }) =>
          items.length === 0 ? (
            <Text c="gray.7">{t.none}</Text>
          ) : (
            <Table.ScrollContainer minWidth={600}>
              <Table striped verticalSpacing="sm" aria-label={t.caption}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t.name}</Table.Th>
                    <Table.Th>{t.slug}</Table.Th>
                    <Table.Th>{t.schedule}</Table.Th>
                    <Table.Th>{t.subscribers}</Table.Th>
                    <Table.Th>{t.created}</Table.Th>
                    {canWrite && <Table.Th>{t.action}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((newsletter) => (
                    <Table.Tr key={newsletter.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/newsletters/${newsletter.id}`}>{newsletter.name}</Anchor>
                        {newsletter.lastSkippedSlot && <Badge ml="xs" color="yellow" variant="filled" autoContrast>{t.skipped}</Badge>}
                      </Table.Td>
                      <Table.Td>
                        <Code>{newsletter.slug}</Code>
                      </Table.Td>
                      <Table.Td>{newsletter.scheduleCron ? <Code>{newsletter.scheduleCron}</Code> : t.manual}</Table.Td>
                      <Table.Td>{format.number(newsletter.subscribers)}</Table.Td>
                      <Table.Td>{format.dateTime(newsletter.createdAt)}</Table.Td>
                      {canWrite && (
                        <Table.Td>
                          <RenameNewsletter newsletter={newsletter} />
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </>
  );
}
