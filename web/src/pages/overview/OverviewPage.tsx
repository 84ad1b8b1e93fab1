// The first screen after login: what is sending now (live), what is planned this week, what
// waits for my approval, recent failures and the last completed campaigns. Kept light: no chart
// library here (the campaign page has the chart).
import { SimpleGrid, Stack } from "@mantine/core";
import { useState } from "react";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { AwaitingMyApproval } from "./AwaitingMyApproval.tsx";
import { RecentFailures } from "./RecentFailures.tsx";
import { RecentlyCompleted } from "./RecentlyCompleted.tsx";
import { ScheduledSoon } from "./ScheduledSoon.tsx";
import { SendingNow } from "./SendingNow.tsx";
import { NewsletterSkippedSlots } from "../admin/NewsletterSkippedSlots.tsx";

const texts = defineTexts({ nb: { title: "Oversikt" }, en: { title: "Overview" } });

export default function OverviewPage() {
  const t = useTexts(texts);
  const { can } = useSession();
  // The week ahead is counted from when the screen opened.
  const [now] = useState(() => Date.now());
  return (
    <>
      <PageHeader title={t.title} />
      <Stack gap="md">
        <NewsletterSkippedSlots />
        <SendingNow />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <ScheduledSoon now={now} />
          {can("campaigns.approve") && <AwaitingMyApproval />}
          <RecentFailures />
          <RecentlyCompleted />
        </SimpleGrid>
      </Stack>
    </>
  );
}
