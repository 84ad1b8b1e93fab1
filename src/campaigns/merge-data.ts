// Per-member merge data: a CSV with member_number and further columns (a voting provider's
// ballot_url, an invoice_amount, a kid) attached to a campaign before it starts. Templates read
// the member's cells as `merge.<column>`. A member of the audience without a row is skipped
// `no_merge_data` at send time and never gets a message with an empty value; the rows are
// deleted when the campaign completes or is cancelled (src/campaigns/upload-rows.ts).
//
//   const report = await attachMergeData(deps, actor, campaignId, readableOrText);
import type { Readable } from "node:stream";
import type { Root } from "../app/root.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import type { Decision } from "../consent/decide.ts";
import type { MergeDataReport, MergeDataSummary } from "../contracts/campaigns.ts";
import type { Sql } from "../db/sql.ts";
import { readableCampaign } from "./access.ts";
import { parseUploadCsv, readUploadText, resolveUpload } from "./upload-csv.ts";
import { countMergeRows, membersMissingMergeData, writeMergeRows } from "./upload-rows.ts";
import { replaceUpload, templateMergeColumns, uploadableCampaign, type UploadDeps } from "./uploads.ts";

export { loadMergeData, membersMissingMergeData } from "./upload-rows.ts";

const WHAT = "merge data";

/**
 * Attaches merge data to a campaign, replacing what was attached. Rows for unknown member numbers
 * (for a steward: outside the scope), duplicates and rows with an empty cell are reported and not
 * stored; a refused file (not CSV, no member_number, a bad column name, no row naming a member)
 * changes nothing. Replacing merge data voids a submission or approval, as an edit does.
 */
export async function attachMergeData(deps: UploadDeps & Pick<Root, "db">, actor: Actor, campaignId: number, source: string | Readable): Promise<MergeDataReport> {
  const campaign = await uploadableCampaign(deps, actor, campaignId, { what: WHAT });
  const text = typeof source === "string" ? source : await readUploadText(source, WHAT);
  const file = parseUploadCsv(text, { what: WHAT, keepColumns: true });
  const { accepted, outcome } = await resolveUpload(deps.db, file, scopeOf(actor), WHAT);
  const replaced = await replaceUpload(deps, actor, campaignId, {
    action: "campaign.merge_data",
    what: WHAT,
    write: async (tx) => {
      await writeMergeRows(tx, campaignId, accepted.map((r) => ({ memberId: r.memberId, data: r.cells })));
      return {
        data: { mergeColumns: file.columns },
        // Counts and column names only: the cells are personal data.
        details: { columns: file.columns, rows: outcome.rows, accepted: outcome.accepted, unknown: outcome.unknownCount, duplicates: outcome.duplicateCount, rejected: outcome.rejectedCount },
      };
    },
  });
  const used = await templateMergeColumns(deps.db, campaign.templateVersionId);
  return {
    campaignId,
    columns: file.columns,
    templateColumnsMissing: used.filter((c) => !file.columns.includes(c)),
    ...outcome,
    state: replaced.campaign.state,
    approvalVoided: replaced.approvalVoided,
    unscheduled: replaced.unscheduled,
  };
}

/** What is attached: the columns and how many members have a row (no cells). */
export async function mergeDataSummary(deps: Pick<Root, "db">, actor: Actor, campaignId: number): Promise<MergeDataSummary> {
  const campaign = await readableCampaign(deps.db, actor, campaignId);
  const [rows, templateColumns] = await Promise.all([countMergeRows(deps.db, campaignId), templateMergeColumns(deps.db, campaign.templateVersionId)]);
  return { columns: campaign.mergeColumns, rows, templateColumns, discarded: campaign.state === "completed" || campaign.state === "cancelled" };
}

/**
 * The send path's check, right after the consent decisions of a claimed sub-batch: a member
 * consent allows but whose row of the campaign's merge data is missing is refused
 * `no_merge_data` in `decisions` (a campaign without merge data refuses nobody).
 */
export async function refuseWithoutMergeData(sql: Sql, campaignId: number, decisions: Map<number, Decision>): Promise<void> {
  const allowed = [...decisions].filter(([, d]) => d.allowed).map(([id]) => id);
  for (const memberId of await membersMissingMergeData(sql, campaignId, allowed)) {
    decisions.set(memberId, { allowed: false, reason: "no_merge_data" });
  }
}
