// Reading the audit trail: filters and keyset pages, newest first. Only admins may read it.
import { z } from "zod";
import type { Root } from "../app/root.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { decodeCursor, encodeCursor } from "../contracts/common.ts";
import { invalid } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";

export interface AuditFilters {
  actorId?: number;
  /** An exact action, or a prefix ending in '.' (`campaign.` matches every campaign action). */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** From the previous page's `nextCursor`. */
  cursor?: string;
  /** Default 100, at most 500. */
  limit?: number;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor: string;
  actorId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  clientIp: string | null;
  details: unknown;
}

const Cursor = z.object({ id: z.string().regex(/^\d{1,19}$/) });

export async function listAudit(
  deps: Pick<Root, "db">,
  actor: Actor,
  filters: AuditFilters,
): Promise<{ items: AuditEntryView[]; nextCursor: string | null }> {
  authorize(actor, "audit.read");
  const limit = filters.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid("invalid limit", [{ path: "limit", message: "must be a whole number from 1 to 500" }]);
  const after = decodeCursor(filters.cursor, Cursor);
  if (filters.cursor !== undefined && !after) throw invalid("invalid cursor", [{ path: "cursor", message: "pass back a nextCursor from an earlier page" }]);
  if (filters.from && filters.to && filters.from >= filters.to) throw invalid("empty time range", [{ path: "to", message: "must be after from" }]);

  const where: Prisma.AuditLogWhereInput = {
    ...(filters.actorId !== undefined ? { actorId: filters.actorId } : {}),
    ...(filters.action ? { action: filters.action.endsWith(".") ? { startsWith: filters.action } : filters.action } : {}),
    ...(filters.targetType ? { entity: filters.targetType } : {}),
    ...(filters.targetId ? { entityId: filters.targetId } : {}),
    ...(filters.from || filters.to ? { at: { ...(filters.from ? { gte: filters.from } : {}), ...(filters.to ? { lt: filters.to } : {}) } } : {}),
    ...(after ? { id: { lt: BigInt(after.id) } } : {}),
  };
  // Keyset on the primary key: ids grow with time, and a page never skips or repeats a row
  // while new rows are appended.
  const rows = await deps.db.auditLog.findMany({ where, orderBy: { id: "desc" }, take: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      id: r.id.toString(), at: r.at.toISOString(), actor: r.actor, actorId: r.actorId, action: r.action,
      targetType: r.entity, targetId: r.entityId, requestId: r.requestId, clientIp: r.clientIp, details: r.details ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id.toString() }) : null,
  };
}
