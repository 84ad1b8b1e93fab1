// Print batches for staff: list, download (audited: the files name members and their addresses),
// mark handed over to the postal operator (its letters become `delivered`), and record returned
// letters (the member's postal address is marked invalid through the provider-event intake, the
// one writer of invalid-address markers).
import { stat } from "node:fs/promises";
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { actorLabel, type Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { pseudonymsFromConfig } from "../consent/pseudonyms.ts";
import type { PrintBatchView, ReturnedResultView } from "../contracts/letters.ts";
import { markPrintBatchDelivered } from "../deliveries/letters.ts";
import { takeProviderEvent } from "../deliveries/provider-events.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import { osloDate } from "../segments/age.ts";
import { inLetterDir } from "./files.ts";
import { estimatePostage, parsePostageTable } from "./postage.ts";

export type LetterDeps = Pick<Root, "db" | "clock" | "config">;

interface BatchRow {
  id: number;
  campaign_id: number;
  campaign_name: string;
  number: number;
  status: "ready" | "handed_over";
  letters: number;
  pages: number;
  sheets: number;
  created_at: Date;
  handed_over_on: Date | null;
  handed_over_by: string | null;
  files_deleted_at: Date | null;
  by_sheets: Array<{ sheets: number; n: number }> | null;
}

const BATCH_SQL = `
  SELECT b.id, b.campaign_id, c.name AS campaign_name, b.number, b.status::text AS status, b.letters, b.pages, b.sheets,
         b.created_at, b.handed_over_on, b.handed_over_by, b.files_deleted_at,
         (SELECT json_agg(json_build_object('sheets', s.sheets, 'n', s.n))
          FROM (SELECT sheets, count(*)::int AS n FROM letter_piece WHERE print_batch_id = b.id GROUP BY sheets) s) AS by_sheets
  FROM print_batch b JOIN campaign c ON c.id = b.campaign_id`;

function view(row: BatchRow, config: LetterDeps["config"]): PrintBatchView {
  const bySheets = new Map((row.by_sheets ?? []).map((s) => [s.sheets, s.n]));
  return {
    id: row.id, campaignId: row.campaign_id, campaignName: row.campaign_name, number: row.number, status: row.status,
    letters: row.letters, pages: row.pages, sheets: row.sheets,
    postage: estimatePostage(bySheets, parsePostageTable(config.LETTER_POSTAGE)).total,
    belowBulkMinimum: row.letters < config.LETTER_BULK_MINIMUM,
    createdAt: row.created_at.toISOString(),
    handedOverOn: row.handed_over_on ? row.handed_over_on.toISOString().slice(0, 10) : null,
    handedOverBy: row.handed_over_by,
    filesDeletedAt: row.files_deleted_at?.toISOString() ?? null,
  };
}

export async function listPrintBatches(
  deps: LetterDeps, actor: Actor, filter: { campaignId?: number; status?: "ready" | "handed_over" } = {},
): Promise<PrintBatchView[]> {
  authorize(actor, "letters.read");
  const rows = await deps.db.$queryRawUnsafe<BatchRow[]>(
    `${BATCH_SQL} WHERE ($1::int IS NULL OR b.campaign_id = $1) AND ($2::text IS NULL OR b.status::text = $2)
     ORDER BY b.created_at DESC, b.campaign_id DESC, b.number`,
    filter.campaignId ?? null, filter.status ?? null,
  );
  return rows.map((r) => view(r, deps.config));
}

export async function getPrintBatch(deps: LetterDeps, actor: Actor, id: number): Promise<PrintBatchView> {
  authorize(actor, "letters.read");
  return view(await batchRow(deps, id), deps.config);
}

async function batchRow(deps: LetterDeps, id: number): Promise<BatchRow> {
  const [row] = await deps.db.$queryRawUnsafe<BatchRow[]>(`${BATCH_SQL} WHERE b.id = $1`, id);
  if (!row) throw notFound(`no print batch with id ${id}`);
  return row;
}

export type PrintBatchFile = "zip" | "pdf" | "manifest";

/** The path of one of a batch's files, for streaming; the download is audited before it starts. */
export async function printBatchDownload(
  deps: LetterDeps, actor: Actor, id: number, file: PrintBatchFile = "zip",
): Promise<{ path: string; filename: string; contentType: string; size: number }> {
  authorize(actor, "letters.read");
  const batch = await deps.db.printBatch.findUnique({ where: { id } });
  if (!batch) throw notFound(`no print batch with id ${id}`);
  if (batch.filesDeletedAt) throw conflict(`print batch ${id}'s files were removed by retention on ${batch.filesDeletedAt.toISOString().slice(0, 10)}`);
  const relative = file === "zip" ? batch.zipFile : file === "pdf" ? batch.pdfFile : batch.manifestFile;
  const path = inLetterDir(deps.config.LETTER_DIR, relative);
  const size = await stat(path).then((s) => s.size, () => {
    throw conflict(`print batch ${id}'s ${file} file is missing from LETTER_DIR`);
  });
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: "letters.download", targetType: "print_batch", targetId: id, details: { campaignId: batch.campaignId, file, letters: batch.letters },
  });
  const contentType = file === "zip" ? "application/zip" : file === "pdf" ? "application/pdf" : "text/csv; charset=utf-8";
  return { path, filename: relative.split("/").pop()!, contentType, size };
}

/** The batch left for the postal operator on `on` (default today in Europe/Oslo): its letters are delivered. */
export async function markHandedOver(deps: LetterDeps, actor: Actor, id: number, input: { on?: string } = {}): Promise<PrintBatchView> {
  authorize(actor, "letters.write");
  const now = deps.clock.now();
  const on = input.on ?? osloDate(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(`${on}T00:00:00Z`))) throw invalid(`not a date (YYYY-MM-DD): ${on}`, [{ path: "on", message: "must be a date (YYYY-MM-DD)" }]);
  if (on > osloDate(now)) throw invalid(`${on} is in the future; mark a batch handed over when it has been`, [{ path: "on", message: "must not be in the future" }]);
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.printBatch.updateMany({
      where: { id, status: "ready" },
      data: { status: "handed_over", handedOverOn: new Date(`${on}T00:00:00Z`), handedOverBy: actorLabel(actor) },
    });
    if (changed.count === 0) {
      const batch = await tx.printBatch.findUnique({ where: { id } });
      if (!batch) throw notFound(`no print batch with id ${id}`);
      throw conflict(`print batch ${id} was already handed over on ${batch.handedOverOn?.toISOString().slice(0, 10)}`);
    }
    const delivered = await markPrintBatchDelivered(tx, id, new Date(`${on}T12:00:00Z`));
    await recordAudit(tx, actor, now, { action: "letters.handed_over", targetType: "print_batch", targetId: id, details: { on, delivered } });
  });
  return getPrintBatch(deps, actor, id);
}

/**
 * Letters the postal operator returned (addressee unknown, moved): each member's postal address is
 * marked invalid, and their latest letter delivery is marked bounced. Unknown numbers are reported.
 */
export async function recordReturnedLetters(deps: LetterDeps, actor: Actor, memberNumbers: readonly string[]): Promise<ReturnedResultView> {
  authorize(actor, "letters.write");
  const numbers = [...new Set(memberNumbers.map((n) => n.trim()).filter(Boolean))];
  if (numbers.length === 0) throw invalid("name at least one member number", [{ path: "memberNumbers", message: "must not be empty" }]);
  const members = await deps.db.member.findMany({ where: { memberNumber: { in: numbers } }, select: { id: true, memberNumber: true, addressLine: true } });
  const byNumber = new Map(members.map((m) => [m.memberNumber, m]));
  const result: ReturnedResultView = { marked: [], alreadyInvalid: [], noAddress: [], unknown: numbers.filter((n) => !byNumber.has(n)) };
  const pseudonyms = pseudonymsFromConfig(deps.config);
  const at = deps.clock.now();
  for (const number of numbers) {
    const member = byNumber.get(number);
    if (!member) continue;
    const [latest] = await deps.db.$queryRawUnsafe<Array<{ id: bigint }>>(
      `SELECT id FROM delivery WHERE member_id = $1 AND channel = 'letter' AND status IN ('sent', 'delivered') ORDER BY sent_at DESC NULLS LAST, id DESC LIMIT 1`,
      member.id,
    );
    const intake = await takeProviderEvent({ db: deps.db, pseudonyms, config: deps.config }, {
      kind: "hard_bounce", source: "returned_mail", channel: "letter", deliveryId: latest?.id ?? null, memberId: member.id,
      status: "returned", at,
    });
    (intake.action === "marked_invalid" ? result.marked : member.addressLine?.trim() ? result.alreadyInvalid : result.noAddress).push(number);
  }
  await recordAudit(deps.db, actor, at, {
    action: "letters.returned", targetType: "member", details: { marked: result.marked.length, alreadyInvalid: result.alreadyInvalid.length, noAddress: result.noAddress.length, unknown: result.unknown.length },
  });
  return result;
}
