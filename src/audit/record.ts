// The audit trail: one row per staff action and per read of personal data. Append-only (a
// trigger refuses UPDATE, DELETE and TRUNCATE). `details` is a small JSON of what changed:
// ids, states, counts; never message bodies, names or contact details.
import { actorLabel, type Actor } from "../auth/actor.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

type AuditWriter = Pick<Db, "auditLog"> | Prisma.TransactionClient;

export interface AuditEntry {
  /** `area.verb`, e.g. `campaign.approve`, `members.search`, `auth.login_failed`. */
  action: string;
  targetType?: string;
  targetId?: string | number | bigint;
  details?: Record<string, unknown>;
}

export async function recordAudit(db: AuditWriter, actor: Actor, at: Date, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({ data: auditRow(actor, at, entry) });
}

/** Several rows in one statement (e.g. one per member a search returned). */
export async function recordAudits(db: AuditWriter, actor: Actor, at: Date, entries: AuditEntry[]): Promise<void> {
  if (entries.length > 0) await db.auditLog.createMany({ data: entries.map((e) => auditRow(actor, at, e)) });
}

function auditRow(actor: Actor, at: Date, entry: AuditEntry): Prisma.AuditLogCreateManyInput {
  return {
    at,
    actor: actorLabel(actor),
    actorId: actor.kind === "user" ? actor.id : null,
    action: entry.action,
    entity: entry.targetType ?? null,
    entityId: entry.targetId === undefined ? null : String(entry.targetId),
    requestId: actor.origin?.requestId ?? null,
    clientIp: actor.origin?.clientIp ?? null,
    details: entry.details === undefined ? undefined : (JSON.parse(JSON.stringify(entry.details)) as Prisma.InputJsonValue),
  };
}
