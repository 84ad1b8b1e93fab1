// One campaign for the approver (/approvals/:id): the same review the author saw (recipients
// and skips per channel, the approval rule, the send time), then Approve or Reject. Whether this
// user may decide is the server's answer; the buttons appear only when they may.
import { Anchor, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { ApprovalActions } from "./review/ApprovalActions.tsx";
import { CampaignReview } from "./review/CampaignReview.tsx";
import { reviewQuery } from "./review/reviewQuery.ts";

const texts = defineTexts({
  nb: { title: (name: string) => `Godkjenning: ${name}`, loading: "Godkjenning", purpose: "Formål", back: "Tilbake til godkjenninger", campaign: "Se kampanjen" },
  en: { title: (name: string) => `Approval: ${name}`, loading: "Approval", purpose: "Purpose", back: "Back to approvals", campaign: "See the campaign" },
});

export default function ApprovalReviewPage() {
  const t = useTexts(texts);
  const { label } = useVocabulary();
  const campaignId = Number(useParams().id);
  const review = useQuery(reviewQuery(campaignId));
  return (
    <>
      <Stack gap="lg">
        <PageHeader title={review.data ? t.title(review.data.name) : t.loading}>
          <Anchor component={Link} to="/approvals">{t.back}</Anchor>
          <Anchor component={Link} to={`/campaigns/${campaignId}`}>{t.campaign}</Anchor>
        </PageHeader>
        <QueryState query={review}>
          {(data) => (
            <>
              <Text>
                {t.purpose}: {label("purpose", data.purpose)}
              </Text>
              <CampaignReview campaignId={campaignId} />
              <ApprovalActions campaignId={campaignId} />
            </>
          )}
        </QueryState>
      </Stack>
    </>
  );
}
