// The delivery table's side of letters: a rendered letter moves its row to `rendered` and adds its
// letter_piece (one statement, fenced by the claim token); a collated print batch moves its rows
// to `sent`; a batch handed to the postal operator moves them to `delivered`.
import type { Sql } from "./sql.ts";

export interface RenderedLetter {
  id: bigint;
  pages: number;
  sheets: number;
  /** Relative to LETTER_DIR. */
  file: string;
}

/**
 * Records rendered letters of one claim. The postcode is copied from the member for the sort
 * order only (addresses abroad sort last). By primary key; returns the ids recorded.
 */
export const RECORD_RENDERED_SQL = `
  WITH done AS (
    UPDATE delivery d SET status = 'rendered', reason = NULL, lease_until = NULL, updated_at = now()
    FROM unnest($1::bigint[]) AS s(id)
    WHERE d.id = s.id AND d.claim_token = $2::uuid AND d.status = 'sending'
    RETURNING d.id, d.campaign_id, d.member_id)
  INSERT INTO letter_piece (delivery_id, campaign_id, member_id, pages, sheets, postcode, file, rendered_at)
  SELECT done.id, done.campaign_id, done.member_id, p.pages, p.sheets,
         CASE WHEN m.country = 'NO' THEN m.postcode END, p.file, now()
  FROM done
  JOIN unnest($1::bigint[], $3::int[], $4::int[], $5::text[]) AS p(id, pages, sheets, file) ON p.id = done.id
  JOIN member m ON m.id = done.member_id
  ON CONFLICT (delivery_id) DO UPDATE
    SET pages = EXCLUDED.pages, sheets = EXCLUDED.sheets, postcode = EXCLUDED.postcode, file = EXCLUDED.file,
        rendered_at = EXCLUDED.rendered_at
    WHERE letter_piece.print_batch_id IS NULL
  RETURNING delivery_id`;

export async function recordRendered(db: Sql, token: string, letters: readonly RenderedLetter[]): Promise<Set<bigint>> {
  if (letters.length === 0) return new Set();
  const rows = await db.$queryRawUnsafe<Array<{ delivery_id: bigint }>>(
    RECORD_RENDERED_SQL, letters.map((l) => l.id), token, letters.map((l) => l.pages), letters.map((l) => l.sheets), letters.map((l) => l.file),
  );
  return new Set(rows.map((r) => r.delivery_id));
}

export interface UncollatedLetter {
  deliveryId: bigint;
  memberNumber: string;
  pages: number;
  sheets: number;
  postcode: string | null;
  file: string;
}

/**
 * A campaign's rendered letters not yet in a print batch, in the postal operator's sort order
 * (postcode, addresses abroad last). Index letter_piece_campaign_id_print_batch_id_idx.
 */
export function uncollatedLetters(db: Sql, campaignId: number): Promise<UncollatedLetter[]> {
  return db.$queryRawUnsafe<UncollatedLetter[]>(
    `SELECT lp.delivery_id AS "deliveryId", m.member_number AS "memberNumber", lp.pages, lp.sheets, lp.postcode, lp.file
     FROM letter_piece lp
     JOIN delivery d ON d.id = lp.delivery_id AND d.status = 'rendered'
     JOIN member m ON m.id = lp.member_id
     WHERE lp.campaign_id = $1 AND lp.print_batch_id IS NULL AND lp.file IS NOT NULL
     ORDER BY lp.postcode NULLS LAST, lp.member_id`,
    campaignId,
  );
}

/**
 * Puts letters into a print batch (in the given order) and marks their deliveries sent, under the
 * campaign's row lock so a cancel cannot interleave. Returns false, changing nothing, when the
 * campaign no longer sends (cancelled meanwhile).
 */
export async function assignToPrintBatch(
  tx: Sql, campaignId: number, printBatchId: number, deliveryIds: readonly bigint[], at: Date,
): Promise<boolean> {
  const [campaign] = await tx.$queryRawUnsafe<Array<{ state: string }>>(`SELECT state::text AS state FROM campaign WHERE id = $1 FOR UPDATE`, campaignId);
  if (!campaign || !["sending", "paused", "completed"].includes(campaign.state)) return false;
  await tx.$executeRawUnsafe(
    `UPDATE letter_piece lp SET print_batch_id = $1, sequence = s.seq
     FROM unnest($2::bigint[]) WITH ORDINALITY AS s(id, seq) WHERE lp.delivery_id = s.id`,
    printBatchId, deliveryIds,
  );
  await tx.$executeRawUnsafe(
    `UPDATE delivery SET status = 'sent', provider_id = $2, sent_at = $3, updated_at = now()
     WHERE id = ANY($1::bigint[]) AND status = 'rendered'`,
    deliveryIds, `print_batch:${printBatchId}`, at,
  );
  return true;
}

/** A print batch handed to the postal operator: its letters are on their way. */
export function markPrintBatchDelivered(tx: Sql, printBatchId: number, at: Date): Promise<number> {
  return tx.$executeRawUnsafe(
    `UPDATE delivery d SET status = 'delivered', delivered_at = $2, updated_at = now()
     FROM letter_piece lp WHERE lp.print_batch_id = $1 AND d.id = lp.delivery_id AND d.status = 'sent'`,
    printBatchId, at,
  );
}
