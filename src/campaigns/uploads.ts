// What the two uploads of a campaign (merge data, an audience list) have in common: replacing one
// is an edit of the campaign, and a campaign is not ready to go while what its template or its
// audience needs has not been uploaded.
//
// Replacing an upload follows the rules of editing (src/campaigns/service.ts update): only
// before the campaign starts, and a submission or approval is void afterwards (the approver saw
// other data), the campaign is a draft again and a scheduled one loses its launch.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import type { Db } from "../db/client.ts";
import { conflict } from "../errors.ts";
import type { Campaign, CampaignState, Prisma } from "../generated/prisma/client.ts";
import { mergeColumnsUsed } from "../templates/variables.ts";
import { writableCampaign } from "./access.ts";
import { audienceScopeOf, VOIDED_APPROVAL } from "./approval.ts";
import { CampaignStateError, removeLaunchJob } from "./lifecycle.ts";
import { listAudienceCount } from "./upload-rows.ts";

export type UploadDeps = Pick<Root, "db" | "clock"> & Partial<Pick<Root, "queues">>;

/** States in which an upload may be replaced: those in which the campaign may be edited. */
export const UPLOADABLE: readonly CampaignState[] = ["draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled"];

export interface ReplaceUpload {
  /** `campaign.merge_data` or `campaign.audience_list`. */
  action: string;
  /** "merge data", "the audience list": for messages. */
  what: string;
  /** Refuses a campaign this upload does not fit (e.g. a list for a segment audience). */
  fits?: (campaign: Campaign) => string | null;
  /** Writes the upload's rows in the transaction; returns the campaign columns to set and audit details (counts only). */
  write: (tx: Prisma.TransactionClient) => Promise<{ data: Prisma.CampaignUpdateInput; details: Record<string, unknown> }>;
}

export interface Replaced {
  campaign: Campaign;
  /** The submission or approval this replaced was voided (the campaign is a draft again). */
  approvalVoided: boolean;
  /** It was scheduled and is not any more. */
  unscheduled: boolean;
}

/** Checks that the actor may change the campaign now (before the file is read). */
export async function uploadableCampaign(deps: Pick<Root, "db">, actor: Actor, id: number, upload: Pick<ReplaceUpload, "what" | "fits">): Promise<Campaign> {
  const campaign = await writableCampaign(deps.db, actor, id);
  refuseUnfit(campaign, upload);
  return campaign;
}

function refuseUnfit(campaign: Campaign, upload: Pick<ReplaceUpload, "what" | "fits">): void {
  if (!UPLOADABLE.includes(campaign.state)) {
    throw new CampaignStateError(`campaign ${campaign.id} is ${campaign.state}; ${upload.what} can be attached only before it starts (draft, awaiting_approval, approved, needs_reapproval or scheduled)`);
  }
  const unfit = upload.fits?.(campaign) ?? null;
  if (unfit !== null) throw conflict(`campaign ${campaign.id}: ${unfit}`);
}

/** Replaces an upload under the campaign's row lock, voiding any submission or approval, audited. */
export async function replaceUpload(deps: UploadDeps, actor: Actor, id: number, upload: ReplaceUpload): Promise<Replaced> {
  const current = await uploadableCampaign(deps, actor, id, upload);
  if (current.state === "scheduled" && !deps.queues) throw conflict(`campaign ${id} is scheduled; this process cannot reach the queues to unschedule it`);
  const now = deps.clock.now();
  const replaced = await deps.db.$transaction(
    async (tx) => {
      await tx.$queryRawUnsafe(`SELECT id FROM campaign WHERE id = $1 FOR UPDATE`, id);
      const before = await tx.campaign.findUniqueOrThrow({ where: { id } });
      refuseUnfit(before, upload);
      const written = await upload.write(tx);
      const voided = before.state !== "draft";
      const campaign = await tx.campaign.update({
        where: { id },
        data: {
          ...written.data,
          ...(voided
            ? { ...VOIDED_APPROVAL, state: "draft", stateReason: `${upload.what} replaced while ${before.state.replace("_", " ")}: any approval is void; submit or schedule it again` }
            : {}),
          updatedAt: now,
        },
      });
      const approvalVoided = before.approvedAt !== null || before.state === "awaiting_approval";
      await recordAudit(tx, actor, now, {
        action: upload.action, targetType: "campaign", targetId: id,
        details: { ...written.details, from: before.state, to: campaign.state, approvalVoided, unscheduled: before.state === "scheduled" },
      });
      return { before, campaign, approvalVoided };
    },
    // A large file is tens of thousands of rows; the default 5 s is for web requests.
    { timeout: 5 * 60_000, maxWait: 30_000 },
  );
  if (replaced.before.state === "scheduled" && deps.queues) await removeLaunchJob(deps.queues, replaced.before);
  return { campaign: replaced.campaign, approvalVoided: replaced.approvalVoided, unscheduled: replaced.before.state === "scheduled" };
}

/** The merge columns a template version reads, from its compiled sources (every channel and language). */
export async function templateMergeColumns(db: Pick<Db, "templateVersion">, templateVersionId: number): Promise<string[]> {
  const version = await db.templateVersion.findUniqueOrThrow({ where: { id: templateVersionId }, select: { compiled: true } });
  const compiled = version.compiled as Record<string, unknown>;
  const used = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") for (const column of mergeColumnsUsed(value)) used.add(column);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(visit);
  };
  for (const channel of ["email", "sms", "letter"]) visit(compiled[channel]);
  return [...used].sort();
}

/**
 * Why the campaign cannot go yet for want of an upload, or null: its template reads merge
 * columns that no attached file has, or its audience is a list and none is attached.
 */
export async function uploadsProblem(db: Db, campaign: Campaign): Promise<string | null> {
  const used = await templateMergeColumns(db, campaign.templateVersionId);
  const missing = used.filter((c) => !campaign.mergeColumns.includes(c));
  if (missing.length > 0) {
    const reads = missing.map((c) => `merge.${c}`).join(", ");
    return campaign.mergeColumns.length === 0
      ? `its template reads ${reads}, but no merge data is attached: attach a CSV with member_number and ${missing.join(", ")} (budstikke campaign merge-data ${campaign.id} FILE.csv)`
      : `its template reads ${reads}, which the attached merge data lacks (its columns: ${campaign.mergeColumns.join(", ")}): attach a file with ${missing.length > 1 ? "those columns" : "that column"} or change the template`;
  }
  if (campaign.audienceList && (await listAudienceCount(db, campaign.id, audienceScopeOf(campaign))) === 0) {
    return `its audience is an uploaded list, and no member of it is attached: attach a CSV with member_number (budstikke campaign audience-list ${campaign.id} FILE.csv)`;
  }
  return null;
}

/** Refuses (409) a campaign that cannot go for want of an upload; called where it is submitted or scheduled. */
export async function assertUploadsReady(db: Db, campaign: Campaign): Promise<void> {
  const problem = await uploadsProblem(db, campaign);
  if (problem !== null) throw conflict(`campaign ${campaign.id} cannot be sent yet: ${problem}`);
}
