// The statements on the rows of a campaign's uploads: its merge data (campaign_merge_row) and its
// uploaded audience (campaign_list_member). Every one goes through the tables' primary key
// (campaign_id, member_id), so its cost follows the rows it touches, not the table's size.
// A leaf module: the lifecycle (completion, cancel) and the send path import it.
import type { Scope } from "../auth/actor.ts";
import { scopeCondition } from "../auth/scope.ts";
import type { Sql } from "../db/sql.ts";

/** Rows per INSERT: two arrays of this length are one statement's parameters. */
const WRITE_CHUNK = 5000;

/**
 * Deletes both uploads of a campaign: merge data is kept only until the campaign is over (the
 * file holds per-member links and amounts), and a list of who has not voted no longer than that.
 */
export async function discardUploads(sql: Sql, campaignId: number): Promise<{ mergeRows: number; listMembers: number }> {
  const mergeRows = await sql.$executeRawUnsafe(`DELETE FROM campaign_merge_row WHERE campaign_id = $1`, campaignId);
  const listMembers = await sql.$executeRawUnsafe(`DELETE FROM campaign_list_member WHERE campaign_id = $1`, campaignId);
  return { mergeRows, listMembers };
}

/** Replaces a campaign's merge rows (inside the caller's transaction). */
export async function writeMergeRows(sql: Sql, campaignId: number, rows: ReadonlyArray<{ memberId: number; data: Record<string, string> }>): Promise<void> {
  await sql.$executeRawUnsafe(`DELETE FROM campaign_merge_row WHERE campaign_id = $1`, campaignId);
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
    const chunk = rows.slice(start, start + WRITE_CHUNK);
    await sql.$executeRawUnsafe(
      `INSERT INTO campaign_merge_row (campaign_id, member_id, data)
       SELECT $1::int, u.member_id, u.data::jsonb FROM unnest($2::int[], $3::text[]) AS u(member_id, data)`,
      campaignId,
      chunk.map((r) => r.memberId),
      chunk.map((r) => JSON.stringify(r.data)),
    );
  }
}

/** Replaces a campaign's uploaded audience (inside the caller's transaction). */
export async function writeListMembers(sql: Sql, campaignId: number, memberIds: readonly number[]): Promise<void> {
  await sql.$executeRawUnsafe(`DELETE FROM campaign_list_member WHERE campaign_id = $1`, campaignId);
  for (let start = 0; start < memberIds.length; start += WRITE_CHUNK) {
    await sql.$executeRawUnsafe(
      `INSERT INTO campaign_list_member (campaign_id, member_id) SELECT $1::int, unnest($2::int[])`,
      campaignId,
      memberIds.slice(start, start + WRITE_CHUNK),
    );
  }
}

/**
 * Of `memberIds`, those the campaign's merge data has no row for; empty when the campaign has no
 * merge data at all. One statement per sub-batch of the send path: the campaign by its primary
 * key, then one primary-key probe of campaign_merge_row per member.
 */
export async function membersMissingMergeData(sql: Sql, campaignId: number, memberIds: readonly number[]): Promise<Set<number>> {
  if (memberIds.length === 0) return new Set();
  const rows = await sql.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT u.id FROM unnest($2::int[]) AS u(id)
     WHERE EXISTS (SELECT 1 FROM campaign c WHERE c.id = $1 AND cardinality(c.merge_columns) > 0)
       AND NOT EXISTS (SELECT 1 FROM campaign_merge_row r WHERE r.campaign_id = $1 AND r.member_id = u.id)`,
    campaignId,
    [...memberIds],
  );
  return new Set(rows.map((r) => r.id));
}

/** The merge data of these members, by member id (members without a row are absent). */
export async function loadMergeData(sql: Sql, campaignId: number, memberIds: readonly number[]): Promise<Map<number, Record<string, string>>> {
  if (memberIds.length === 0) return new Map();
  const rows = await sql.$queryRawUnsafe<Array<{ member_id: number; data: Record<string, string> }>>(
    `SELECT member_id, data FROM campaign_merge_row WHERE campaign_id = $1 AND member_id = ANY($2::int[])`,
    campaignId,
    [...memberIds],
  );
  return new Map(rows.map((r) => [r.member_id, r.data]));
}

export async function countMergeRows(sql: Sql, campaignId: number): Promise<number> {
  const [row] = await sql.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM campaign_merge_row WHERE campaign_id = $1`, campaignId);
  return row?.n ?? 0;
}

/** The listed members inside the scope (a steward's campaign reaches only its scope), as one SQL condition. */
function listedInScope(scope: Scope | null): { sql: string; params: unknown[] } {
  const condition = scope === null ? { sql: "true", params: [] } : scopeCondition(scope, { memberAlias: "m", firstParam: 2 });
  return {
    sql: `FROM campaign_list_member l JOIN member m ON m.id = l.member_id WHERE l.campaign_id = $1 AND ${condition.sql}`,
    params: condition.params,
  };
}

/** How many listed members the campaign reaches now (inside its audience scope): what approval counts. */
export async function listAudienceCount(sql: Sql, campaignId: number, scope: Scope | null): Promise<number> {
  const where = listedInScope(scope);
  const [row] = await sql.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n ${where.sql}`, campaignId, ...where.params);
  return row?.n ?? 0;
}

/** The listed members inside the scope, ascending: what the campaign review decides consent for. */
export async function listAudienceIds(sql: Sql, campaignId: number, scope: Scope | null): Promise<number[]> {
  const where = listedInScope(scope);
  const rows = await sql.$queryRawUnsafe<Array<{ id: number }>>(`SELECT m.id ${where.sql} ORDER BY m.id`, campaignId, ...where.params);
  return rows.map((r) => r.id);
}
