// The members service: search, view, export (GDPR art. 15), erase (art. 17) and import, for
// every caller (API, CLI, admin UI). Each function authorises the actor, keeps a steward inside
// their scope in the SQL itself, and records every read of personal data in the audit trail.
// A member outside the scope is answered exactly like a member number nobody has.
import type { Readable } from "node:stream";
import { z } from "zod";
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { decodeCursor, encodeCursor } from "../contracts/common.ts";
import type { MemberDetail, MemberExport, MemberSummary } from "../contracts/members.ts";
import { invalid } from "../errors.ts";
import { importMembers, type ImportReport } from "./import.ts";
import { collectMemberExport, eraseMemberById, exportView, MemberNotFoundError } from "./rights.ts";
import { searchMemberPage, type MemberSummaryRow } from "./search.ts";
import { findMemberInScope, loadMemberDetail } from "./view.ts";

export type MemberDeps = Pick<Root, "db" | "clock" | "pseudonyms">;

export interface MemberSearch {
  q?: string;
  cursor?: string;
  /** @defaultValue 50 */
  limit?: number;
}

const SearchCursor = z.object({ after: z.number().int().positive() });

/** One page of matching members in the actor's scope. Audited with the ids it returned. */
export async function searchMembers(deps: Pick<Root, "db" | "clock">, actor: Actor, input: MemberSearch): Promise<{ items: MemberSummary[]; nextCursor: string | null }> {
  authorize(actor, "members.read");
  const cursor = decodeCursor(input.cursor, SearchCursor);
  if (input.cursor !== undefined && !cursor) throw invalid("invalid cursor", [{ path: "cursor", message: "is not a cursor from this list; use nextCursor as given" }]);
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid("invalid limit", [{ path: "limit", message: "must be a whole number from 1 to 500" }]);
  const page = await searchMemberPage(deps.db, { q: input.q, afterId: cursor?.after, limit, scope: scopeOf(actor) });
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: "members.search",
    targetType: "member",
    details: { query: page.query, cursor: cursor !== undefined, count: page.items.length, memberIds: page.items.map((m) => m.id) },
  });
  return { items: page.items.map(summaryView), nextCursor: page.nextAfterId === null ? null : encodeCursor({ after: page.nextAfterId }) };
}

function summaryView(m: MemberSummaryRow): MemberSummary {
  return {
    memberNumber: m.memberNumber, firstName: m.firstName, lastName: m.lastName, status: m.status as MemberSummary["status"], branch: m.branch,
    municipality: m.municipalityName ?? m.municipalityNumber, employer: m.employerName, contact: m.contact,
  };
}

/** The member's id in the actor's scope, or the same not-found as for an unknown number. */
async function memberInScope(deps: Pick<Root, "db">, actor: Actor, memberNumber: string): Promise<number> {
  const id = await findMemberInScope(deps.db, memberNumber, scopeOf(actor));
  if (id === null) throw new MemberNotFoundError("no member with that member number");
  return id;
}

/** A member with contact points, employments, consent, suppressions and deliveries. Audited. */
export async function viewMember(deps: MemberDeps, actor: Actor, memberNumber: string): Promise<MemberDetail> {
  authorize(actor, "members.read");
  const id = await memberInScope(deps, actor, memberNumber);
  const detail = await loadMemberDetail(deps.db, deps.pseudonyms, id);
  await recordAudit(deps.db, actor, deps.clock.now(), { action: "members.view", targetType: "member", targetId: id });
  return detail;
}

/** GDPR art. 15: everything held about the member. Audited. */
export async function exportMemberRecord(deps: MemberDeps, actor: Actor, memberNumber: string): Promise<MemberExport> {
  authorize(actor, "members.export");
  const id = await memberInScope(deps, actor, memberNumber);
  const at = deps.clock.now();
  const exported = exportView(await collectMemberExport(deps.db, deps.pseudonyms, id, at));
  await recordAudit(deps.db, actor, at, { action: "members.export", targetType: "member", targetId: id });
  return exported;
}

/** GDPR art. 17: removes the member's personal data; refusals stay under a keyed hash. Audited in the same transaction. */
export async function eraseMemberRecord(deps: MemberDeps, actor: Actor, memberNumber: string): Promise<{ erased: true; restrictionsKept: number }> {
  authorize(actor, "members.erase");
  const id = await memberInScope(deps, actor, memberNumber);
  const at = deps.clock.now();
  const report = await eraseMemberById(deps.db, deps.pseudonyms, id, at, (tx, erased) =>
    recordAudit(tx, actor, at, { action: "members.erase", targetType: "member", targetId: id, details: { restrictionsKept: erased.restrictionsKept } }),
  );
  return { erased: true, restrictionsKept: report.restrictionsKept };
}

export interface MemberImportOptions {
  fullSync?: boolean;
  force?: boolean;
  dryRun?: boolean;
  /** Refuse larger sources (uploads). */
  maxBytes?: number;
  onProgress?: (event: { rowsRead: number; rowsWritten: number }) => void;
}

/** Imports a member CSV (a file path or a stream) with the CLI's rules; audited in the import's transaction. */
export async function importMemberCsv(
  deps: Pick<Root, "db" | "clock" | "config" | "pseudonyms">,
  actor: Actor,
  source: string | Readable,
  options: MemberImportOptions = {},
): Promise<ImportReport> {
  authorize(actor, "members.import");
  return importMembers(deps.db, source, {
    fullSync: options.fullSync,
    force: options.force,
    dryRun: options.dryRun,
    maxResignShare: deps.config.FULL_SYNC_MAX_RESIGN_SHARE,
    maxBytes: options.maxBytes,
    onProgress: options.onProgress,
    softBounceLift: { pseudonyms: deps.pseudonyms, at: deps.clock.now() },
    audit: (tx, details) => recordAudit(tx, actor, deps.clock.now(), { action: "members.import", details: { ...details, dryRun: false } }),
  });
}
