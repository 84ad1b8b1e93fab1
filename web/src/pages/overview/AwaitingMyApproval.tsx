// "Venter på min godkjenning": campaigns someone else wrote that wait for an approver (first
// approval, or again after the audience drifted), each linked to its review.
import { Anchor, Group, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { useSession } from "../../api/session.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { StateBadge } from "../campaigns/page/StateBadge.tsx";
import { useCampaignsIn } from "./queries.ts";
import { Section } from "./Section.tsx";

const texts = defineTexts({
  nb: {
    title: "Venter på min godkjenning", empty: "Ingen kampanjer venter på deg.",
    recipients: (n: string) => `${n} mottakere`, since: (at: string) => `siden ${at}`,
  },
  en: {
    title: "Awaiting my approval", empty: "No campaigns are waiting for you.",
    recipients: (n: string) => `${n} recipients`, since: (at: string) => `since ${at}`,
  },
});

export function AwaitingMyApproval() {
  const t = useTexts(texts);
  const format = useFormat();
  const { session } = useSession();
  const waiting = useCampaignsIn(["awaiting_approval", "needs_reapproval"], 50);
  const mine = session?.user.id;
  const others = waiting.items.filter((c) => c.createdBy !== mine);
  return (
    <Section title={t.title} empty={t.empty} isEmpty={others.length === 0} isPending={waiting.isPending} error={waiting.error}>
      <Stack gap="xs">
        {others.map((c) => {
          const count = c.approval.driftCount ?? c.approval.submittedCount;
          return (
            <div key={c.id}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Anchor component={Link} to={`/approvals/${c.id}`}>
                  {c.name}
                </Anchor>
                <StateBadge state={c.state} size="sm" />
              </Group>
              <Text size="xs" c="gray.7">
                {[count === null ? null : t.recipients(format.number(count)), t.since(format.dateTime(c.updatedAt))].filter(Boolean).join(" · ")}
              </Text>
            </div>
          );
        })}
      </Stack>
    </Section>
  );
}
