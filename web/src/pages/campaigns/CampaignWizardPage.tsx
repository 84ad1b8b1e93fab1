// The campaign wizard (/campaigns/new, and /campaigns/:id/edit for one that has not started):
// purpose → audience → channels → content → time → review. Going to the review saves the draft
// (POST /campaigns, or PUT once it exists); the API's field errors go back to their step and
// field. The review shows what a launch now would do and ends in sending or submitting.
import { Alert, Button, Group, Stack, Stepper } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams, useSearchParams } from "react-router";
import type { CampaignView } from "../../../../src/contracts/campaigns.ts";
import { api, ApiError } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { WARNING_STYLES } from "./review/ReadableColours.tsx";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { CampaignReview } from "./review/CampaignReview.tsx";
import { reviewKey } from "./review/reviewQuery.ts";
import { SendActions } from "./review/SendActions.tsx";
import { AudienceStep } from "./wizard/AudienceStep.tsx";
import { ChannelsStep } from "./wizard/ChannelsStep.tsx";
import { ContentStep } from "./wizard/ContentStep.tsx";
import { definitionOf, draftFromDefinition, EMPTY_DRAFT, problemsOf, SHOWN_PATHS, stepOfIssue, STEPS, type Draft, type StepProblem } from "./wizard/draft.ts";
import { PurposeStep } from "./wizard/PurposeStep.tsx";
import { ScheduleStep } from "./wizard/ScheduleStep.tsx";
import type { StepProps } from "./wizard/stepProps.ts";
import { wizardTexts } from "./wizard/texts.ts";

const EDITABLE = ["draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled"];
const REVIEW = STEPS.indexOf("review");

export default function CampaignWizardPage() {
  const { id } = useParams();
  const t = useTexts(wizardTexts);
  const { label } = useVocabulary();
  const campaignId = id === undefined ? null : Number(id);
  const campaign = useQuery({
    queryKey: ["campaign", campaignId],
    queryFn: ({ signal }) => api<CampaignView>(`/campaigns/${campaignId}`, { signal }),
    enabled: campaignId !== null,
  });
  if (campaignId === null) return <Wizard initial={EMPTY_DRAFT} savedId={null} title={t.newTitle} />;
  return (
    <QueryState query={campaign}>
      {(c) =>
        EDITABLE.includes(c.state) ? (
          <Wizard key={c.id} initial={draftFromDefinition(c.definition)} savedId={c.id} title={t.editTitle(c.name)} existing={c} />
        ) : (
          <>
            <PageHeader title={t.editTitle(c.name)} />
            <Alert color="gray">{t.notEditable(label("state", c.state))}</Alert>
          </>
        )
      }
    </QueryState>
  );
}

interface WizardProps {
  initial: Draft;
  savedId: number | null;
  title: string;
  existing?: CampaignView;
}

function Wizard({ initial, savedId, title, existing }: WizardProps) {
  const t = useTexts(wizardTexts);
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const [draft, setDraft] = useState(initial);
  // ?steg=kontroll opens a saved draft at its review ("review and send" from the campaign page).
  const [step, setStep] = useState(() => (savedId !== null && existing?.state === "draft" && search.get("steg") === "kontroll" ? REVIEW : 0));
  const [campaignId, setCampaignId] = useState(savedId);
  const [tried, setTried] = useState<readonly StepProblem[]>([]);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [savedOnce, setSavedOnce] = useState(false);

  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (tried.length > 0) setTried([]);
  };

  const save = async () => {
    setSaving(true);
    setSaveError(null);
    try {
      const body = definitionOf(draft);
      const saved = campaignId === null
        ? await api<CampaignView>("/campaigns", { method: "POST", body })
        : await api<CampaignView>(`/campaigns/${campaignId}`, { method: "PUT", body });
      setCampaignId(saved.id);
      setSavedOnce(true);
      queryClient.setQueryData(["campaign", saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: reviewKey(saved.id) });
      setStep(REVIEW);
    } catch (error) {
      setSaveError(error);
      // Back to the first step with a field the API refused.
      if (error instanceof ApiError && error.issues.length > 0) setStep(Math.min(...error.issues.map((i) => stepOfIssue(i.path))));
    } finally {
      setSaving(false);
    }
  };

  const next = () => {
    const problems = problemsOf(draft, step);
    setTried(problems);
    if (problems.length > 0) return;
    if (step === REVIEW - 1) void save();
    else setStep(step + 1);
  };
  const back = () => {
    setTried([]);
    setStep(Math.max(0, step - 1));
  };

  const props: StepProps = { draft, update, problems: tried, saveError };
  // An edit of a campaign that was already submitted, approved or scheduled voids that.
  const voids = existing !== undefined && existing.state !== "draft" && !savedOnce;
  const backButton = (
    <Button variant="default" onClick={back}>
      {t.back}
    </Button>
  );
  return (
    <>
      <Stack>
        <PageHeader title={title} />
        {existing?.approval.reviewComment && existing.state === "draft" && !savedOnce ? (
          <Alert color="yellow" title={t.rejected} styles={WARNING_STYLES}>
            {existing.approval.reviewComment}
          </Alert>
        ) : null}
        {voids ? <Alert color="yellow">{t.voids}</Alert> : null}
        <Stepper active={step} onStepClick={(target) => target < step && setStep(target)} size="sm" allowNextStepsSelect={false}>
          <Stepper.Step label={t.steps.purpose}>
            <PurposeStep {...props} />
          </Stepper.Step>
          <Stepper.Step label={t.steps.audience}>
            <AudienceStep {...props} />
          </Stepper.Step>
          <Stepper.Step label={t.steps.channels}>
            <ChannelsStep {...props} />
          </Stepper.Step>
          <Stepper.Step label={t.steps.content}>
            <ContentStep {...props} />
          </Stepper.Step>
          <Stepper.Step label={t.steps.schedule}>
            <ScheduleStep {...props} />
          </Stepper.Step>
          <Stepper.Step label={t.steps.review}>
            {campaignId !== null ? (
              <Stack gap="lg">
                <CampaignReview campaignId={campaignId} />
                <SendActions campaignId={campaignId} before={backButton} />
              </Stack>
            ) : null}
          </Stepper.Step>
        </Stepper>
        {step < REVIEW ? (
          <>
            <ProblemAlert error={saveError} shownPaths={SHOWN_PATHS} />
            <Group justify="space-between">
              {step > 0 ? backButton : <span />}
              <Button onClick={next} loading={saving}>
                {t.next}
              </Button>
            </Group>
          </>
        ) : null}
      </Stack>
    </>
  );
}
