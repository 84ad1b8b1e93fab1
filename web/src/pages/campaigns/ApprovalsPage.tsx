// The approvals inbox (/approvals, for campaigns.approve): campaigns waiting for a second person,
// newest first. Those the user created, last edited or submitted are marked and cannot be
// opened for approval (four eyes); the server says which (GET /campaigns/approval-queue).
import { Alert, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useNavigate } from "react-router";
import type { ApprovalQueueItem } from "../../../../src/contracts/campaigns.ts";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";

const texts = defineTexts({
  nb: {
    title: "Godkjenninger",
    intro: "Kampanjer som venter på at en annen person godkjenner dem. Ingenting sendes før de er godkjent.",
    caption: "Kampanjer som venter på godkjenning",
    name: "Kampanje",
    purpose: "Formål",
    author: "Laget av",
    state: "Status",
    count: "Mottakere ved innsending",
    reasons: "Hvorfor godkjenning",
    submittedAt: "Sist endret",
    own: "Din egen – kan ikke godkjennes av deg",
    system: "Systemet",
    empty: "Ingen kampanjer venter på godkjenning.",
    noAccess: "Du har ikke tilgang til godkjenninger.",
    drift: (approved: string, now: string) => `Godkjent for ${approved}, nå ${now}`,
  },
  en: {
    title: "Approvals",
    intro: "Campaigns waiting for another person to approve them. Nothing is sent before they are approved.",
    caption: "Campaigns awaiting approval",
    name: "Campaign",
    purpose: "Purpose",
    author: "Created by",
    state: "State",
    count: "Recipients when submitted",
    reasons: "Why approval",
    submittedAt: "Last changed",
    own: "Your own – you cannot approve it",
    system: "The system",
    empty: "No campaigns are waiting for approval.",
    noAccess: "You do not have access to approvals.",
    drift: (approved: string, now: string) => `Approved for ${approved}, now ${now}`,
  },
});

export default function ApprovalsPage() {
  const t = useTexts(texts);
  const { can } = useSession();
  const allowed = can("campaigns.approve");
  const queue = useQuery({
    queryKey: ["approval-queue"],
    queryFn: ({ signal }) => api<{ items: ApprovalQueueItem[] }>("/campaigns/approval-queue", { signal }),
    enabled: allowed,
  });
  return (
    <>
      <Stack>
        <PageHeader title={t.title} />
        {allowed ? (
          <>
            <Text>{t.intro}</Text>
            <QueryState query={queue}>{(data) => (data.items.length === 0 ? <Alert color="gray">{t.empty}</Alert> : <QueueTable items={data.items} />)}</QueryState>
          </>
        ) : (
          <Alert color="gray">{t.noAccess}</Alert>
        )}
      </Stack>
    </>
  );
}

function QueueTable({ items }: { items: ApprovalQueueItem[] }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { label } = useVocabulary();
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover aria-label={t.caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t.name}</Table.Th>
            <Table.Th scope="col">{t.purpose}</Table.Th>
            <Table.Th scope="col">{t.author}</Table.Th>
            <Table.Th scope="col">{t.state}</Table.Th>
            <Table.Th scope="col" ta="right">{t.count}</Table.Th>
            <Table.Th scope="col">{t.reasons}</Table.Th>
            <Table.Th scope="col">{t.submittedAt}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map(({ campaign: c, author, canApprove, refusal }) => {
            const own = refusal === "own_campaign" || refusal === "edited_or_submitted";
            return (
              // The whole row opens the review; the name is the link for keyboards and screen readers.
              <Table.Tr key={c.id} onClick={canApprove ? () => void navigate(`/approvals/${c.id}`) : undefined} style={canApprove ? { cursor: "pointer" } : undefined}>
                <Table.Td>
                  <Stack gap={4}>
                    {canApprove ? (
                      <Text component={Link} to={`/approvals/${c.id}`} fw={600} td="underline" c="indigo.9">
                        {c.name}
                      </Text>
                    ) : (
                      <Text fw={600}>{c.name}</Text>
                    )}
                    {own ? (
                      <Text size="sm" c="dimmed">
                        {t.own}
                      </Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                <Table.Td>{label("purpose", c.purpose)}</Table.Td>
                <Table.Td>{author?.name ?? t.system}</Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Text size="sm" fw={c.state === "needs_reapproval" ? 700 : undefined}>
                      {label("state", c.state)}
                    </Text>
                    {c.state === "needs_reapproval" && c.approval.approvedCount !== null && c.approval.driftCount !== null ? (
                      <Text size="xs">{t.drift(format.number(c.approval.approvedCount), format.number(c.approval.driftCount))}</Text>
                    ) : null}
                  </Stack>
                </Table.Td>
                <Table.Td ta="right">{format.number(c.approval.submittedCount)}</Table.Td>
                <Table.Td>
                  <Text size="sm">{c.approval.reasons.map((r) => label("approvalReason", r)).join(", ")}</Text>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(c.updatedAt)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
