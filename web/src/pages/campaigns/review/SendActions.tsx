// The author's last step: send the campaign for approval when a rule requires it, otherwise
// send it now or schedule it for its time. Every path goes through a dialog that names the
// recipient counts per channel; nothing is sent before the dialog's own button is pressed.
import { Alert, Group, Text } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useNavigate } from "react-router";
import { api } from "../../../api/client.ts";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useLanguage, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { recipientsPhrase } from "./recipientsText.ts";
import { reviewChannels, reviewQuery, type CampaignReview } from "./reviewQuery.ts";

const texts = defineTexts({
  nb: {
    submit: "Send til godkjenning",
    submitTitle: "Send kampanjen til godkjenning",
    submitMessage: (who: string) => `Kampanjen når nå ${who}.`,
    whoApproves:
      "En annen person med rollen Godkjenner eller Administrator, som ikke har laget, endret eller sendt inn kampanjen, må godkjenne den. Ingenting sendes før den er godkjent.",
    sendNow: "Send nå",
    sendNowTitle: "Send kampanjen nå",
    schedule: "Planlegg sending",
    scheduleTitle: "Planlegg sendingen",
    send: (who: string) => `Send til ${who}.`,
    at: (when: string) => `Sendingen starter ${when} (tid i Norge).`,
    quiet: (end: string) => `SMS i stilletiden venter til ${end}.`,
    waiting: "Kampanjen venter på godkjenning. Ingenting sendes før en godkjenner har godkjent den.",
    reapproval: "Kampanjen må godkjennes på nytt før den kan sendes.",
    inState: (state: string) => `Kampanjen har status «${state}» og kan ikke sendes herfra.`,
    pastTime: "Det planlagte tidspunktet har passert. Gå tilbake og velg et nytt tidspunkt, eller send nå.",
    nobody: "Ingen i målgruppen kan få kampanjen nå. Gå tilbake og velg en annen målgruppe eller andre kanaler.",
  },
  en: {
    submit: "Submit for approval",
    submitTitle: "Submit the campaign for approval",
    submitMessage: (who: string) => `The campaign now reaches ${who}.`,
    whoApproves: "Another person with the Approver or Administrator role, who did not create, edit or submit it, must approve it. Nothing is sent before it is approved.",
    sendNow: "Send now",
    sendNowTitle: "Send the campaign now",
    schedule: "Schedule sending",
    scheduleTitle: "Schedule the sending",
    send: (who: string) => `Send to ${who}.`,
    at: (when: string) => `Sending starts ${when} (time in Norway).`,
    quiet: (end: string) => `SMS in the quiet hours wait until ${end}.`,
    waiting: "The campaign is waiting for approval. Nothing is sent before an approver has approved it.",
    reapproval: "The campaign must be approved again before it can be sent.",
    inState: (state: string) => `The campaign is ${state.toLowerCase()} and cannot be sent from here.`,
    pastTime: "The planned time has passed. Go back and choose a new time, or send now.",
    nobody: "Nobody in the audience can get the campaign now. Go back and choose another audience or other channels.",
  },
});

/** The send action for the campaign's state; `before` goes to the left of it (e.g. a back button). */
export function SendActions({ campaignId, before, now = () => new Date() }: { campaignId: number; before?: ReactNode; now?: () => Date }) {
  const query = useQuery(reviewQuery(campaignId));
  if (!query.data) return before ? <Group>{before}</Group> : null;
  return <Actions review={query.data} before={before} now={now} />;
}

function Actions({ review, before, now }: { review: CampaignReview; before?: ReactNode; now: () => Date }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { language } = useLanguage();
  const { label } = useVocabulary();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = review.campaignId;
  const who = recipientsPhrase(review, format, language);
  const sendAt = review.schedule.sendAt;

  const done = async () => {
    await navigate(`/campaigns/${id}`);
    // The campaign's state changed: every campaign list, status and review may be stale (after
    // leaving, so this review, which is audited at every read, is not read again for nothing).
    void queryClient.invalidateQueries();
  };
  const submit = async () => {
    await api(`/campaigns/${id}/submit`, { method: "POST" });
    await done();
  };
  const schedule = async () => {
    await api(`/campaigns/${id}/schedule`, { method: "POST", body: sendAt ? { at: sendAt } : {} });
    await done();
  };

  const state = review.approval.state;
  let action: ReactNode;
  if (state === "draft" && review.approval.required) {
    action = <ConfirmAction label={t.submit} title={t.submitTitle} message={<>{t.submitMessage(who)}<br /><br />{t.whoApproves}</>} confirmLabel={t.submit} onConfirm={submit} />;
  } else if (state === "draft" || state === "approved") {
    const label = sendAt ? t.schedule : t.sendNow;
    const smsWaits = review.channels.sms !== undefined && review.schedule.sendAtInQuietHours === true;
    const message = (
      <>
        {t.send(who)} {sendAt ? t.at(format.dateTime(sendAt)) : null} {smsWaits ? t.quiet(review.schedule.smsQuietHours.end) : null}
      </>
    );
    const past = sendAt !== null && new Date(sendAt).getTime() < now().getTime();
    const nobody = reviewChannels(review).every((c) => c.recipients === 0);
    action = (
      <>
        {past ? <Alert color="yellow">{t.pastTime}</Alert> : nobody ? <Alert color="yellow">{t.nobody}</Alert> : null}
        <ConfirmAction label={label} title={sendAt ? t.scheduleTitle : t.sendNowTitle} message={message} confirmLabel={label} onConfirm={schedule} disabled={past || nobody} />
      </>
    );
  } else if (state === "awaiting_approval") {
    action = <Text>{t.waiting}</Text>;
  } else if (state === "needs_reapproval") {
    action = <Text>{t.reapproval}</Text>;
  } else {
    action = <Text>{t.inState(label("state", state))}</Text>;
  }
  return (
    <Group justify="space-between" align="flex-start">
      <Group>{before}</Group>
      <Group>{action}</Group>
    </Group>
  );
}
