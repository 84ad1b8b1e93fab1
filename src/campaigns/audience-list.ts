// An audience from a list: a campaign whose audience is `{"list": true}` reaches the members
// of an uploaded CSV of member numbers (say, "not yet voted" from the ballot provider). Like every
// audience, the list is intersected with consent at send time and, for a steward's campaign, with
// the steward's scope inside the snapshot's SQL (src/segments/snapshot.ts). Unknown numbers are
// reported, never silently dropped.
import type { Readable } from "node:stream";
import type { Root } from "../app/root.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import type { AudienceListReport, AudienceListSummary } from "../contracts/campaigns.ts";
import type { Campaign } from "../generated/prisma/client.ts";
import { readableCampaign } from "./access.ts";
import { audienceScopeOf } from "./approval.ts";
import { parseUploadCsv, readUploadText, resolveUpload } from "./upload-csv.ts";
import { listAudienceCount, writeListMembers } from "./upload-rows.ts";
import { replaceUpload, uploadableCampaign, type UploadDeps } from "./uploads.ts";

export { listAudienceCount, listAudienceIds } from "./upload-rows.ts";

const WHAT = "the audience list";

const fits = (campaign: Campaign) =>
  campaign.audienceList ? null : 'its audience is not a list: edit the campaign to "audience": {"list": true} first, then attach the list';

/**
 * Attaches the audience list, replacing the one attached. Only member_number is read (other
 * columns are ignored with a warning); replacing the list voids a submission or approval.
 */
export async function attachAudienceList(deps: UploadDeps & Pick<Root, "db">, actor: Actor, campaignId: number, source: string | Readable): Promise<AudienceListReport> {
  await uploadableCampaign(deps, actor, campaignId, { what: WHAT, fits });
  const text = typeof source === "string" ? source : await readUploadText(source, WHAT);
  const file = parseUploadCsv(text, { what: WHAT, keepColumns: false });
  const { accepted, outcome } = await resolveUpload(deps.db, file, scopeOf(actor), WHAT);
  const replaced = await replaceUpload(deps, actor, campaignId, {
    action: "campaign.audience_list",
    what: WHAT,
    fits,
    write: async (tx) => {
      await writeListMembers(tx, campaignId, accepted.map((r) => r.memberId).sort((a, b) => a - b));
      return {
        data: {},
        details: { rows: outcome.rows, accepted: outcome.accepted, unknown: outcome.unknownCount, duplicates: outcome.duplicateCount, rejected: outcome.rejectedCount },
      };
    },
  });
  return { campaignId, ...outcome, state: replaced.campaign.state, approvalVoided: replaced.approvalVoided, unscheduled: replaced.unscheduled };
}

/** Whether the audience is a list, and how many of its members the campaign reaches (inside its scope). */
export async function audienceListSummary(deps: Pick<Root, "db">, actor: Actor, campaignId: number): Promise<AudienceListSummary> {
  const campaign = await readableCampaign(deps.db, actor, campaignId);
  return {
    audienceList: campaign.audienceList,
    members: await listAudienceCount(deps.db, campaignId, audienceScopeOf(campaign)),
    discarded: campaign.state === "completed" || campaign.state === "cancelled",
  };
}
