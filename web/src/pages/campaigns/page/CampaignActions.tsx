// What the user may do with the campaign in its state, each through a confirmation that says
// what it affects: pause, resume, cancel (with the deliveries it stops), retry the failed ones,
// send or schedule an approved campaign. A draft is sent through the wizard's review step; one
// awaiting approval points an approver to the review.
import { Anchor, Button, Checkbox, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import type { z } from "zod";
import type { CancelResultSchema, RetryFailedResultSchema } from "../../../../../src/contracts/campaigns.ts";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { totalsOf } from "./progress.ts";
import { CANCELLABLE_STATES, campaignKeys, RETRYABLE_STATES, type Campaign, type CampaignStatus } from "./types.ts";

type CancelResult = z.infer<typeof CancelResultSchema>;
type RetryResult = z.infer<typeof RetryFailedResultSchema>;

const texts = defineTexts({
  nb: {
    pause: "Pause", pauseTitle: "Sett sendingen på pause",
    pauseMessage: (n: string) => `${n} leveranser som ikke er sendt ennå, venter til du fortsetter. Meldinger som er på vei, blir sendt ferdig.`,
    pauseReason: "Årsak (valgfritt)", pauseReasonHint: "Vises på kampanjen, så andre ser hvorfor den står.", pauseConfirm: "Sett på pause", paused: "Sendingen er satt på pause.",
    resume: "Fortsett", resumeTitle: "Fortsett sendingen", resumeMessage: (n: string) => `${n} leveranser som venter, blir sendt.`,
    resumeConfirm: "Fortsett sendingen", resumed: "Sendingen fortsetter.",
    cancel: "Avbryt kampanjen", cancelTitle: "Avbryt kampanjen",
    cancelRunning: (n: string) => `${n} leveranser som ikke er sendt ennå, blir avbrutt og aldri sendt. Det som alt er sendt, kan ikke hentes tilbake. Kampanjen kan ikke startes igjen.`,
    cancelBefore: "Kampanjen blir ikke sendt, og den kan ikke startes igjen. Ingen meldinger er sendt.",
    cancelScheduled: (at: string) => `Den planlagte sendingen ${at} stoppes, og kampanjen kan ikke startes igjen. Ingen meldinger er sendt.`,
    cancelConfirm: "Ja, avbryt kampanjen", cancelled: (n: string) => `Kampanjen er avbrutt. ${n} leveranser ble stoppet.`,
    retry: "Prøv feilede på nytt", retryTitle: "Prøv de feilede leveransene på nytt",
    retryMessage: (n: string) => `${n} leveranser som feilet, blir lagt i kø igjen med nye forsøk. Gjør dette når årsaken er rettet.`,
    retryResume: "Fortsett også sendingen", retryConfirm: "Prøv på nytt", retried: (n: string) => `${n} leveranser er lagt i kø igjen.`,
    sendNow: "Send nå", sendNowTitle: "Send kampanjen nå",
    sendNowMessage: (n: string, channels: string) => `Kampanjen sendes nå på ${channels} til ${n} mottakere (antallet ved godkjenningen). Mottakere som har reservert seg, hoppes over.`,
    sendNowConfirm: "Send kampanjen nå", sent: "Kampanjen starter om et øyeblikk.",
    schedule: "Planlegg sending", scheduleTitle: "Planlegg sendingen",
    scheduleMessage: (n: string, channels: string, at: string) => `Kampanjen sendes ${at} på ${channels} til ${n} mottakere (antallet ved godkjenningen).`,
    scheduleConfirm: "Planlegg kampanjen", scheduled: (at: string) => `Kampanjen er planlagt ${at}.`,
    unknownCount: "alle", and: " og ", review: "Gjennomgå og send", waiting: "Venter på godkjenning", toApproval: "Gå til godkjenningen",
  },
  en: {
    pause: "Pause", pauseTitle: "Pause sending",
    pauseMessage: (n: string) => `${n} deliveries not yet sent wait until you resume. Messages on their way are finished.`,
    pauseReason: "Reason (optional)", pauseReasonHint: "Shown on the campaign, so others see why it stopped.", pauseConfirm: "Pause sending", paused: "Sending is paused.",
    resume: "Resume", resumeTitle: "Resume sending", resumeMessage: (n: string) => `${n} waiting deliveries will be sent.`,
    resumeConfirm: "Resume sending", resumed: "Sending resumes.",
    cancel: "Cancel the campaign", cancelTitle: "Cancel the campaign",
    cancelRunning: (n: string) => `${n} deliveries not yet sent are cancelled and never sent. What was sent cannot be recalled. The campaign cannot be started again.`,
    cancelBefore: "The campaign will not be sent, and it cannot be started again. No messages have been sent.",
    cancelScheduled: (at: string) => `The sending planned for ${at} is stopped, and the campaign cannot be started again. No messages have been sent.`,
    cancelConfirm: "Yes, cancel the campaign", cancelled: (n: string) => `The campaign is cancelled. ${n} deliveries were stopped.`,
    retry: "Retry failed", retryTitle: "Retry the failed deliveries",
    retryMessage: (n: string) => `${n} failed deliveries are queued again with fresh attempts. Do this once the cause is fixed.`,
    retryResume: "Also resume sending", retryConfirm: "Retry", retried: (n: string) => `${n} deliveries are queued again.`,
    sendNow: "Send now", sendNowTitle: "Send the campaign now",
    sendNowMessage: (n: string, channels: string) => `The campaign is sent now by ${channels} to ${n} recipients (the count at approval). Recipients who opted out are skipped.`,
    sendNowConfirm: "Send the campaign now", sent: "The campaign starts in a moment.",
    schedule: "Schedule sending", scheduleTitle: "Schedule the sending",
    scheduleMessage: (n: string, channels: string, at: string) => `The campaign is sent ${at} by ${channels} to ${n} recipients (the count at approval).`,
    scheduleConfirm: "Schedule the campaign", scheduled: (at: string) => `The campaign is scheduled for ${at}.`,
    unknownCount: "all", and: " and ", review: "Review and send", waiting: "Awaiting approval", toApproval: "Go to the approval",
  },
});

export interface CampaignActionsProps {
  campaign: Campaign;
  /** The latest status (live while it sends); counts for the dialogs. */
  status: CampaignStatus | null;
  /** The time now, for whether a send time lies ahead (a prop so tests can fix it). */
  now?: number;
}

export function CampaignActions({ campaign, status, now = Date.now() }: CampaignActionsProps) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const { session, can } = useSession();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const [resumeToo, setResumeToo] = useState(false);

  const mine = session !== null && campaign.createdBy === session.user.id;
  const mayWrite = can("campaigns.write") && (mine || can("campaigns.write_any"));
  const mayApprove = can("campaigns.approve") && !mine;
  const state = campaign.state;
  const totals = status ? totalsOf(status) : null;
  const n = format.number;
  const channels = campaign.channels.map((c) => vocabulary.label("channel", c).toLowerCase()).join(t.and);

  const act = async <T,>(verb: string, body: unknown, done: (result: T) => string): Promise<void> => {
    const result = await api<T>(`/campaigns/${campaign.id}/${verb}`, { method: "POST", body });
    await queryClient.invalidateQueries({ queryKey: campaignKeys.all });
    notifications.show({ message: done(result), color: "green" });
  };

  const actions = [];
  if (mayWrite && state === "sending") {
    actions.push(
      <ConfirmAction
        key="pause" label={t.pause} title={t.pauseTitle} confirmLabel={t.pauseConfirm} variant="default"
        message={t.pauseMessage(n(totals?.pending ?? 0))}
        onConfirm={() => act("pause", reason.trim() ? { reason: reason.trim() } : {}, () => t.paused)}
      >
        <TextInput label={t.pauseReason} description={t.pauseReasonHint} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
      </ConfirmAction>,
    );
  }
  if (mayWrite && state === "paused") {
    actions.push(
      <ConfirmAction
        key="resume" label={t.resume} title={t.resumeTitle} confirmLabel={t.resumeConfirm}
        message={t.resumeMessage(n((totals?.pending ?? 0) + (totals?.sending ?? 0)))}
        onConfirm={() => act("resume", undefined, () => t.resumed)}
      />,
    );
  }
  if (mayWrite && RETRYABLE_STATES.includes(state) && totals && totals.failed > 0) {
    actions.push(
      <ConfirmAction
        key="retry" label={t.retry} title={t.retryTitle} confirmLabel={t.retryConfirm} variant="default"
        message={t.retryMessage(n(totals.failed))}
        onConfirm={() => act<RetryResult>("retry-failed", state === "paused" && resumeToo ? { resume: true } : {}, (r) => t.retried(n(r.reset)))}
      >
        {state === "paused" && <Checkbox label={t.retryResume} checked={resumeToo} onChange={(e) => setResumeToo(e.currentTarget.checked)} />}
      </ConfirmAction>,
    );
  }
  if (mayWrite && state === "approved") {
    const recipients = campaign.approval.approvedCount ?? campaign.approval.submittedCount;
    const count = recipients === null ? t.unknownCount : n(recipients);
    const ahead = campaign.sendAt !== null && Date.parse(campaign.sendAt) > now;
    if (ahead) {
      const at = format.dateTime(campaign.sendAt);
      actions.push(
        <ConfirmAction
          key="schedule" label={t.schedule} title={t.scheduleTitle} confirmLabel={t.scheduleConfirm}
          message={t.scheduleMessage(count, channels, at)}
          onConfirm={() => act("schedule", { at: campaign.sendAt }, () => t.scheduled(at))}
        />,
      );
    }
    actions.push(
      <ConfirmAction
        key="send" label={t.sendNow} title={t.sendNowTitle} confirmLabel={t.sendNowConfirm} variant={ahead ? "default" : "filled"}
        message={t.sendNowMessage(count, channels)}
        onConfirm={() => act("schedule", {}, () => t.sent)}
      />,
    );
  }
  if (mayWrite && state === "draft") {
    actions.push(
      <Button key="review" component={Link} to={`/campaigns/${campaign.id}/edit`}>
        {t.review}
      </Button>,
    );
  }
  if (state === "awaiting_approval" || state === "needs_reapproval") {
    actions.push(
      <Text key="waiting" c="gray.7" size="sm">
        {t.waiting}
      </Text>,
    );
    if (mayApprove) {
      actions.push(
        <Anchor key="approve" component={Link} to={`/approvals/${campaign.id}`}>
          {t.toApproval}
        </Anchor>,
      );
    }
  }
  if (mayWrite && CANCELLABLE_STATES.includes(state)) {
    const running = state === "launching" || state === "sending" || state === "paused";
    const message = running
      ? t.cancelRunning(n(totals?.pending ?? 0))
      : state === "scheduled" && campaign.sendAt
        ? t.cancelScheduled(format.dateTime(campaign.sendAt))
        : t.cancelBefore;
    actions.push(
      <ConfirmAction
        key="cancel" label={t.cancel} title={t.cancelTitle} confirmLabel={t.cancelConfirm} color="red.9" variant="outline"
        message={message}
        onConfirm={() => act<CancelResult>("cancel", undefined, (r) => t.cancelled(n(r.cancelledDeliveries)))}
      />,
    );
  }
  return <>{actions}</>;
}
