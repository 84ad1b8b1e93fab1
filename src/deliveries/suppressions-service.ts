// Suppressions for an actor (admins): list, add, lift. Addresses are stored only as keyed
// hashes, so a list shows ids, channels, reasons and times, never an address; the audit trail
// records ids and reasons, never the address either.
import { z } from "zod";
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { decodeCursor, encodeCursor } from "../contracts/common.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import type { Prisma, Suppression } from "../generated/prisma/client.ts";
import { suppressForStaff } from "./provider-events.ts";
import { SUPPRESSION_REASONS, type SuppressionReason } from "../consent/suppressions.ts";

/** Postal addresses are marked invalid on the member instead of being suppressed. */
export type SuppressibleChannel = "email" | "sms";

export interface SuppressionView {
  id: string;
  channel: string;
  reason: SuppressionReason;
  source: string | null;
  at: string;
  lifted: boolean;
  liftedAt: string | null;
  liftReason: string | null;
}

export interface SuppressionFilters {
  channel?: SuppressibleChannel;
  /** true: active only; false: lifted only; absent: both. */
  active?: boolean;
  /** Only this address's suppressions (matched by hash). */
  address?: string;
  cursor?: string;
  limit?: number;
}

const view = (s: Suppression): SuppressionView => ({
  id: s.id.toString(), channel: s.channel, reason: s.reason, source: s.source, at: s.at.toISOString(),
  lifted: s.liftedAt !== null, liftedAt: s.liftedAt?.toISOString() ?? null, liftReason: s.liftReason,
});

/** "staff:7" for a user, "system:cli" for a process: who added or lifted it, without personal data. */
const sourceOf = (actor: Actor) => (actor.kind === "user" ? `staff:${actor.id}` : `system:${actor.name}`);

const Cursor = z.object({ id: z.string().regex(/^\d{1,19}$/) });

/** Newest first, a keyset page at a time. */
export async function listSuppressions(
  deps: Pick<Root, "db" | "pseudonyms">,
  actor: Actor,
  filters: SuppressionFilters = {},
): Promise<{ items: SuppressionView[]; nextCursor: string | null }> {
  authorize(actor, "suppressions.read");
  const limit = filters.limit ?? 50;
  const after = decodeCursor(filters.cursor, Cursor);
  if (filters.cursor !== undefined && !after) throw invalid("invalid cursor", [{ path: "cursor", message: "pass back a nextCursor from an earlier page" }]);
  let addressHash: Prisma.SuppressionWhereInput = {};
  if (filters.address !== undefined) {
    // Each channel normalises differently: hash the address as each channel asked for would.
    const channels: SuppressibleChannel[] = filters.channel ? [filters.channel] : ["email", "sms"];
    const keys = channels.flatMap((channel) => {
      const hash = deps.pseudonyms.address(channel, filters.address!);
      return hash ? [{ channel, addressHash: hash }] : [];
    });
    if (keys.length === 0) throw invalid("the address is neither an email address nor a phone number", [{ path: "address", message: "cannot be normalised" }]);
    addressHash = { OR: keys };
  }
  const rows = await deps.db.suppression.findMany({
    where: {
      ...addressHash,
      ...(filters.channel ? { channel: filters.channel } : {}),
      ...(filters.active === undefined ? {} : { liftedAt: filters.active ? null : { not: null } }),
      ...(after ? { id: { lt: BigInt(after.id) } } : {}),
    },
    orderBy: { id: "desc" },
    take: limit + 1,
  });
  const items = rows.slice(0, limit).map(view);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

export interface AddSuppressionInput {
  channel: SuppressibleChannel;
  address: string;
  reason?: SuppressionReason;
  /** Kept with the source for other staff; must not hold contact details. */
  note?: string;
}

/** Suppresses an address. Idempotent: an address suppressed already keeps its suppression (`created: false`). */
export async function addSuppression(
  deps: Pick<Root, "db" | "clock" | "pseudonyms">,
  actor: Actor,
  input: AddSuppressionInput,
): Promise<{ suppression: SuppressionView; created: boolean }> {
  authorize(actor, "suppressions.write");
  const issues = [];
  if (input.channel !== "email" && input.channel !== "sms") issues.push({ path: "channel", message: "must be email or sms" });
  const reason = input.reason ?? "manual";
  if (!(SUPPRESSION_REASONS as readonly string[]).includes(reason)) issues.push({ path: "reason", message: `must be one of ${SUPPRESSION_REASONS.join(", ")}` });
  if (issues.length === 0 && deps.pseudonyms.address(input.channel, input.address) === null) {
    issues.push({ path: "address", message: input.channel === "email" ? "must be an email address" : "must be a phone number (E.164, or Norwegian)" });
  }
  if (issues.length > 0) throw invalid("invalid suppression", issues);
  const note = input.note?.trim();
  const now = deps.clock.now();
  const result = await deps.db.$transaction(async (tx) => {
    const { id, created } = await suppressForStaff(tx, deps.pseudonyms, {
      channel: input.channel, address: input.address, reason, at: now,
      source: note ? `${sourceOf(actor)}: ${note}` : sourceOf(actor),
    });
    await recordAudit(tx, actor, now, { action: "suppressions.add", targetType: "suppression", targetId: id, details: { channel: input.channel, reason, created } });
    return { row: await tx.suppression.findUniqueOrThrow({ where: { id } }), created };
  });
  return { suppression: view(result.row), created: result.created };
}

/** Lifts an active suppression (the row stays, with when and why). */
export async function liftSuppressionById(
  deps: Pick<Root, "db" | "clock">,
  actor: Actor,
  id: string,
  reason: string | undefined,
): Promise<SuppressionView> {
  authorize(actor, "suppressions.write");
  const why = reason?.trim();
  if (!why) throw invalid("say why the suppression is lifted", [{ path: "reason", message: "required" }]);
  if (why.length > 200) throw invalid("the reason is too long", [{ path: "reason", message: "at most 200 characters" }]);
  if (!/^\d{1,18}$/.test(id)) throw notFound(`no suppression with id ${id}`);
  const now = deps.clock.now();
  const row = await deps.db.$transaction(async (tx) => {
    const existing = await tx.suppression.findUnique({ where: { id: BigInt(id) } });
    if (!existing) throw notFound(`no suppression with id ${id}`);
    // Conditional update: two admins lifting at once cannot both succeed.
    const lifted = await tx.suppression.updateMany({ where: { id: existing.id, liftedAt: null }, data: { liftedAt: now, liftReason: `${sourceOf(actor)}: ${why}` } });
    if (lifted.count === 0) throw conflict(`suppression ${id} was lifted already (${existing.liftedAt?.toISOString() ?? "just now"})`);
    await recordAudit(tx, actor, now, { action: "suppressions.lift", targetType: "suppression", targetId: id, details: { channel: existing.channel, reason: existing.reason } });
    return tx.suppression.findUniqueOrThrow({ where: { id: existing.id } });
  });
  return view(row);
}
