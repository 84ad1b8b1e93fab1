// Four-eyes review: submit (draft → awaiting_approval), approve (awaiting_approval or
// needs_reapproval → approved), reject (→ draft, with the reviewer's comment).
//
// Approval is a second person's: a system actor (the operator's CLI, the demo) cannot approve,
// and nobody can approve or reject a campaign they created, last edited or submitted. What the
// approver approves is pinned: the template version, the segment version (or the rules) and the
// recipient count counted at that moment; the launch checks the snapshot against them.
import type { Root } from "../app/root.ts";
import type { Actor, UserActor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import type { CampaignView } from "../contracts/campaigns.ts";
import type { Db } from "../db/client.ts";
import { forbidden, invalid } from "../errors.ts";
import { Prisma, type Campaign } from "../generated/prisma/client.ts";
import { readableCampaign, writableCampaign } from "./access.ts";
import { approvalReasons, audienceCount, describeReasons, VOIDED_APPROVAL, type ApprovalReason } from "./approval.ts";
import { transition } from "./lifecycle.ts";
import { assertUploadsReady } from "./uploads.ts";
import { campaignView } from "./view.ts";

export type ReviewDeps = Pick<Root, "db" | "clock" | "config">;

/** Asks for approval. The recipient count (inside the campaign's scope) and the reasons are recorded. */
export async function submit(deps: ReviewDeps, actor: Actor, id: number): Promise<CampaignView> {
  const current = await writableCampaign(deps.db, actor, id);
  await assertUploadsReady(deps.db, current); // ── merge data and uploaded audiences: what the template and audience need is attached ──
  const count = await audienceCount(deps.db, current, deps.clock);
  const found = approvalReasons(current, count, { threshold: deps.config.APPROVAL_THRESHOLD });
  // A campaign that needs no approval may still be sent for review by a careful author.
  const reasons: ApprovalReason[] = found.length > 0 ? found : ["requested"];
  const { campaign } = await transition(
    { ...deps, actor }, id, ["draft"],
    {
      state: "awaiting_approval",
      stateReason: `waiting for approval: ${describeReasons(reasons, count, deps.config.APPROVAL_THRESHOLD)}`,
      approvalReasons: reasons,
      submittedCount: count,
      reviewComment: null,
    },
    "submit",
    {
      details: { count, reasons },
      unchangedSince: current.updatedAt,
      refuse: {
        awaiting_approval: "it is already waiting for approval",
        approved: "it is approved already: schedule it",
        needs_reapproval: "it needs approval again: an approver approves or rejects it",
      },
    },
  );
  return campaignView(campaign);
}

export interface ApproveInput {
  comment?: string;
}

/** Approves (or approves again) a campaign someone else wrote, pinning what was approved. */
export async function approve(deps: ReviewDeps, actor: Actor, id: number, input: ApproveInput = {}): Promise<CampaignView> {
  const reviewer = await reviewerOf(deps.db, actor, id, "approve");
  const current = reviewer.campaign;
  const count = await audienceCount(deps.db, current, deps.clock);
  const again = current.state === "needs_reapproval";
  const { campaign } = await transition(
    { ...deps, actor }, id, ["awaiting_approval", "needs_reapproval"],
    {
      state: "approved",
      stateReason: again
        ? `approved again for ${count} recipients (the launch found ${current.driftCount ?? "?"}; approved before: ${current.approvedCount ?? "never"})`
        : `approved for ${count} recipients`,
      approvedBy: reviewer.actor.id,
      approvedAt: deps.clock.now(),
      approvedCount: count,
      approvedTemplateVersionId: current.templateVersionId,
      approvedSegmentVersionId: current.segmentVersionId,
      approvedRules: current.audienceRules === null ? Prisma.DbNull : (current.audienceRules as Prisma.InputJsonValue),
      reviewComment: input.comment?.trim() || null,
    },
    "approve",
    {
      details: {
        count, submittedCount: current.submittedCount, reasons: current.approvalReasons,
        ...(again ? { previousApprovedCount: current.approvedCount, driftCount: current.driftCount } : {}),
        templateVersionId: current.templateVersionId, segmentVersionId: current.segmentVersionId,
      },
      unchangedSince: current.updatedAt,
      refuse: { draft: "submit it for approval first", approved: "it is approved already" },
    },
  );
  return campaignView(campaign);
}

export interface RejectInput {
  /** What must change; required, since the author has to act on it. */
  comment: string;
}

/** Sends a campaign back to its author as a draft, with the reviewer's comment. */
export async function reject(deps: ReviewDeps, actor: Actor, id: number, input: RejectInput): Promise<CampaignView> {
  const comment = input.comment?.trim() ?? "";
  if (comment === "") throw invalid("a rejection needs a comment saying what must change", [{ path: "comment", message: "must not be empty" }]);
  const reviewer = await reviewerOf(deps.db, actor, id, "reject");
  const { campaign } = await transition(
    { ...deps, actor }, id, ["awaiting_approval", "needs_reapproval"],
    { ...VOIDED_APPROVAL, state: "draft", stateReason: "rejected: see the review comment", reviewComment: comment },
    "reject",
    { details: { submittedCount: reviewer.campaign.submittedCount }, refuse: { draft: "it has not been submitted for approval" } },
  );
  return campaignView(campaign);
}

/** The actor as a reviewer of the campaign: a person with campaigns.approve who did not write it. */
async function reviewerOf(db: Db, actor: Actor, id: number, verb: "approve" | "reject"): Promise<{ actor: UserActor; campaign: Campaign }> {
  authorize(actor, "campaigns.approve");
  if (actor.kind !== "user") {
    throw forbidden(`a system actor cannot ${verb} a campaign: four eyes need two people. Run with --as EMAIL (a staff user with the approver or admin role)`);
  }
  const campaign = await readableCampaign(db, actor, id);
  if (campaign.createdBy === actor.id) throw forbidden(`you cannot ${verb} your own campaign: four eyes need a second person`);
  if (await wroteOrSubmitted(db, actor.id, id)) {
    throw forbidden(`you cannot ${verb} campaign ${id}: you edited or submitted it, so four eyes need a second person`);
  }
  return { actor, campaign };
}

/**
 * Whether the user made the campaign's current content (its last edit) or submitted it last.
 * An edit replaces the whole definition, so earlier editors no longer wrote what is reviewed.
 */
async function wroteOrSubmitted(db: Db, userId: number, campaignId: number): Promise<boolean> {
  const latest = (action: string) =>
    db.auditLog.findFirst({
      where: { entity: "campaign", entityId: String(campaignId), action },
      orderBy: { id: "desc" },
      select: { actorId: true },
    });
  const [edit, submission] = await Promise.all([latest("campaign.update"), latest("campaign.submit")]);
  return edit?.actorId === userId || submission?.actorId === userId;
}
