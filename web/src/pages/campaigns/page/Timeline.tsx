// Who did what with the campaign, when: a timeline from its history. Reads of the delivery
// lists are audited too; they are hidden unless asked for, so the changes stand out.
import { Switch, Text, Timeline as MantineTimeline } from "@mantine/core";
import { useState } from "react";
import { useFormat, type Formatter } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { timelineOf, type TimelineItem } from "./history.ts";
import type { Campaign, CampaignHistory } from "./types.ts";

const texts = defineTexts({
  nb: {
    actions: {
      "campaign.create": "Opprettet", "campaign.update": "Endret", "campaign.submit": "Sendt til godkjenning",
      "campaign.approve": "Godkjent", "campaign.reject": "Sendt tilbake til utkast", "campaign.schedule": "Planlagt",
      "campaign.launched": "Sendingen startet", "campaign.completed": "Fullført", "campaign.pause": "Satt på pause",
      "campaign.resume": "Sendingen fortsatte", "campaign.cancel": "Avbrutt", "campaign.retry_failed": "Feilede prøvd på nytt",
      "campaign.needs_reapproval": "Stoppet: må godkjennes på nytt", "campaign.review": "Gjennomgått (prøvekjøring)",
      "deliveries.list": "Så på leveransene", "deliveries.export": "Lastet ned leveransene (CSV)",
      "campaign.merge_data": "Flettedata lastet opp", "campaign.audience_list": "Medlemsliste lastet opp",
    } as Record<string, string>,
    system: "systemet",
    by: (name: string) => `av ${name}`,
    recipients: (n: string) => `${n} mottakere`,
    sendAt: (at: string) => `Sendes ${at}`,
    retried: (n: string) => `${n} leveranser lagt i kø igjen`,
    drift: (approved: string, found: string) => `Godkjent for ${approved}, men fant ${found} mottakere`,
    voided: "Godkjenningen ble opphevet",
    withReads: "Vis også oppslag i leveransene",
    empty: "Ingen hendelser.",
    truncated: "Bare de nyeste hendelsene vises.",
  },
  en: {
    actions: {
      "campaign.create": "Created", "campaign.update": "Edited", "campaign.submit": "Submitted for approval",
      "campaign.approve": "Approved", "campaign.reject": "Sent back to draft", "campaign.schedule": "Scheduled",
      "campaign.launched": "Sending started", "campaign.completed": "Completed", "campaign.pause": "Paused",
      "campaign.resume": "Sending resumed", "campaign.cancel": "Cancelled", "campaign.retry_failed": "Failed deliveries retried",
      "campaign.needs_reapproval": "Stopped: needs approval again", "campaign.review": "Reviewed (dry run)",
      "deliveries.list": "Viewed the deliveries", "deliveries.export": "Downloaded the deliveries (CSV)",
      "campaign.merge_data": "Merge data uploaded", "campaign.audience_list": "Member list uploaded",
    } as Record<string, string>,
    system: "the system",
    by: (name: string) => `by ${name}`,
    recipients: (n: string) => `${n} recipients`,
    sendAt: (at: string) => `Sends ${at}`,
    retried: (n: string) => `${n} deliveries queued again`,
    drift: (approved: string, found: string) => `Approved for ${approved}, but found ${found} recipients`,
    voided: "The approval was voided",
    withReads: "Also show views of the deliveries",
    empty: "No events.",
    truncated: "Only the newest events are shown.",
  },
});

type T = (typeof texts)["nb"];

const num = (value: unknown): number | null => (typeof value === "number" ? value : null);

/** One line saying what the entry changed, when its details say something worth reading. */
function detailLine(item: TimelineItem, t: T, format: Formatter): string | null {
  const d = item.details;
  switch (item.action) {
    case "campaign.submit":
    case "campaign.approve":
      return num(d.count) === null ? null : t.recipients(format.number(num(d.count)));
    case "campaign.schedule":
      return typeof d.sendAt === "string" ? t.sendAt(format.dateTime(d.sendAt)) : null;
    case "campaign.retry_failed":
      return num(d.reset) === null ? null : t.retried(format.number(num(d.reset)));
    case "campaign.needs_reapproval":
      return num(d.snapshotCount) === null ? null : t.drift(format.number(num(d.approvedCount)), format.number(num(d.snapshotCount)));
    case "campaign.update":
      return d.approvalVoided === true ? t.voided : null;
    default:
      // Pauses and stops carry their reason in words.
      return typeof d.reason === "string" ? d.reason : null;
  }
}

export function Timeline({ campaign, history }: { campaign: Campaign; history: CampaignHistory }) {
  const t = useTexts(texts);
  const format = useFormat();
  const [withReads, setWithReads] = useState(false);
  const items = timelineOf(campaign, history.items, withReads);
  return (
    <>
      <Switch label={t.withReads} checked={withReads} onChange={(e) => setWithReads(e.currentTarget.checked)} mb="md" size="sm" />
      {history.truncated && <Text size="sm" c="gray.7" mb="xs">{t.truncated}</Text>}
      {items.length === 0 ? (
        <Text c="gray.7">{t.empty}</Text>
      ) : (
        <MantineTimeline active={items.length - 1} bulletSize={14} lineWidth={2}>
          {items.map((item, i) => {
            const detail = detailLine(item, t, format);
            return (
              <MantineTimeline.Item key={`${item.at}-${i}`} title={t.actions[item.action] ?? item.action}>
                <Text size="sm" c="gray.7">
                  {format.dateTime(item.at)} · {t.by(item.actorName === "system" ? t.system : item.actorName)}
                </Text>
                {detail && <Text size="sm">{detail}</Text>}
              </MantineTimeline.Item>
            );
          })}
        </MantineTimeline>
      )}
    </>
  );
}
