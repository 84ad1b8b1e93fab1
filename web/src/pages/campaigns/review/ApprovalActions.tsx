// The approver's decision on a campaign: approve (with an optional comment) or reject (the
// comment says what must change). Only a second person may decide; the server says whether
// this user may (canApprove), and when not, we say why and offer no buttons.
import { Alert, Group, Text, Textarea } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, fieldError } from "../../../api/client.ts";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useLanguage, useTexts } from "../../../i18n/language.tsx";
import { recipientsPhrase } from "./recipientsText.ts";
import { reviewQuery, type CampaignReview } from "./reviewQuery.ts";

const texts = defineTexts({
  nb: {
    approve: "Godkjenn",
    approveTitle: "Godkjenn kampanjen",
    approveMessage: (who: string, n: string) =>
      `Kampanjen kan deretter sendes til ${who}. Godkjenningen gjelder ${n} medlemmer i målgruppen, denne malen og denne målgruppen; endrer noe seg, må den godkjennes på nytt.`,
    reject: "Avvis",
    rejectTitle: "Avvis kampanjen",
    rejectMessage: "Kampanjen går tilbake til forfatteren som utkast. Ingenting sendes.",
    comment: "Kommentar (valgfri)",
    rejectComment: "Hva må endres?",
    rejectHint: "Forfatteren ser kommentaren.",
    cannotTitle: "Du kan ikke godkjenne denne kampanjen",
    refusal: {
      not_approver: "Rollen din kan ikke godkjenne kampanjer. Det kan bare Godkjenner og Administrator.",
      not_a_person: "Godkjenning krever en person.",
      not_waiting: "Kampanjen venter ikke på godkjenning.",
      own_campaign: "Du laget kampanjen selv. En annen person må godkjenne den (fire øyne).",
      edited_or_submitted: "Du har endret eller sendt inn kampanjen. En annen person må godkjenne den (fire øyne).",
    },
  },
  en: {
    approve: "Approve",
    approveTitle: "Approve the campaign",
    approveMessage: (who: string, n: string) =>
      `The campaign can then be sent to ${who}. The approval covers ${n} members in the audience, this template and this audience; if anything changes, it must be approved again.`,
    reject: "Reject",
    rejectTitle: "Reject the campaign",
    rejectMessage: "The campaign goes back to its author as a draft. Nothing is sent.",
    comment: "Comment (optional)",
    rejectComment: "What must change?",
    rejectHint: "The author sees the comment.",
    cannotTitle: "You cannot approve this campaign",
    refusal: {
      not_approver: "Your role cannot approve campaigns. Only Approver and Administrator can.",
      not_a_person: "Approval needs a person.",
      not_waiting: "The campaign is not waiting for approval.",
      own_campaign: "You created this campaign. Another person must approve it (four eyes).",
      edited_or_submitted: "You edited or submitted this campaign. Another person must approve it (four eyes).",
    },
  },
});

export function ApprovalActions({ campaignId }: { campaignId: number }) {
  const query = useQuery(reviewQuery(campaignId));
  return query.data ? <Decide review={query.data} /> : null;
}

function Decide({ review }: { review: CampaignReview }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { language } = useLanguage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [approveComment, setApproveComment] = useState("");
  const [rejectComment, setRejectComment] = useState("");
  const [rejectError, setRejectError] = useState<unknown>(null);
  const id = review.campaignId;

  if (review.approval.refusal === "not_waiting") return <Text>{t.refusal.not_waiting}</Text>;
  if (!review.approval.canApprove) {
    return (
      <Alert color="gray" title={t.cannotTitle}>
        {review.approval.refusal ? t.refusal[review.approval.refusal] : null}
      </Alert>
    );
  }
  const done = async () => {
    await navigate("/approvals");
    void queryClient.invalidateQueries();
  };
  const approve = async () => {
    const comment = approveComment.trim();
    await api(`/campaigns/${id}/approve`, { method: "POST", body: comment ? { comment } : {} });
    await done();
  };
  const reject = async () => {
    setRejectError(null);
    try {
      await api(`/campaigns/${id}/reject`, { method: "POST", body: { comment: rejectComment.trim() } });
    } catch (error) {
      setRejectError(error);
      throw error;
    }
    await done();
  };
  return (
    <Group justify="flex-end">
      <ConfirmAction label={t.reject} title={t.rejectTitle} message={t.rejectMessage} confirmLabel={t.reject} variant="default" onConfirm={reject} ready={rejectComment.trim() !== ""}>
        <>
          <Textarea
            label={t.rejectComment}
            description={t.rejectHint}
            required
            minRows={3}
            maxLength={2000}
            value={rejectComment}
            onChange={(e) => setRejectComment(e.currentTarget.value)}
            error={fieldError(rejectError, "body.comment")}
          />
        </>
      </ConfirmAction>
      <ConfirmAction
        label={t.approve}
        title={t.approveTitle}
        message={t.approveMessage(recipientsPhrase(review, format, language), format.number(review.audience))}
        confirmLabel={t.approve}
        onConfirm={approve}
      >
        <Textarea label={t.comment} minRows={2} maxLength={2000} value={approveComment} onChange={(e) => setApproveComment(e.currentTarget.value)} />
      </ConfirmAction>
    </Group>
  );
}
