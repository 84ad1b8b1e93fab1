// The campaign services: what the API, the CLI and the admin UI call, with an Actor. Each one
// authorises, applies the scope and the four-eyes rules, and audits; the mechanism underneath
// (store, lifecycle, launch) applies none of them.
//
//   import * as campaigns from "../campaigns/service.ts";
//   await campaigns.submit(deps, actor, id);
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { decodeCursor, encodeCursor } from "../contracts/common.ts";
import type { CampaignView } from "../contracts/campaigns.ts";
import { deliveryPage, streamDeliveries, type DeliveryFilter, type DeliveryRow } from "../deliveries/queries.ts";
import { conflict, invalid } from "../errors.ts";
import type { CampaignState, Prisma } from "../generated/prisma/client.ts";
import { z } from "zod";
import { checkPurposeAllowed, isOwn, readableCampaign, visibleCampaigns, writableCampaign } from "./access.ts";
import { VOIDED_APPROVAL } from "./approval.ts";
import { parseCampaignDefinition } from "./definition.ts";
import { CampaignStateError, removeLaunchJob } from "./lifecycle.ts";
import { campaignStatus, type CampaignStatus } from "./status.ts";
import { createCampaign, resolveDefinition } from "./store.ts";
import { campaignView, deliveryView, type DeliveryView } from "./view.ts";

export { approve, reject, submit } from "./review.ts";
export { cancel, pause, resume, retryFailed, schedule } from "./operations.ts";
export { events, type CampaignEvent } from "./events.ts";

export type CampaignDeps = Pick<Root, "db" | "clock" | "config">;

/** Creates a draft from the campaign JSON format. A steward's campaign keeps the steward's scope. */
export async function create(deps: CampaignDeps, actor: Actor, input: unknown): Promise<CampaignView> {
  authorize(actor, "campaigns.write");
  checkPurposeAllowed(actor, parseCampaignDefinition(input).purpose);
  return campaignView(await createCampaign(deps.db, input, deps.clock, actor));
}

/** States in which a campaign can still be edited; every edit takes it back to draft. */
const EDITABLE: readonly CampaignState[] = ["draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled"];

/**
 * Replaces a campaign's definition. An edit after submission or approval voids it: the campaign
 * is a draft again and must be submitted again; a scheduled one loses its launch. A steward's
 * own edit re-pins the steward's current scope.
 */
export async function update(deps: CampaignDeps & Partial<Pick<Root, "queues">>, actor: Actor, id: number, input: unknown): Promise<CampaignView> {
  const current = await writableCampaign(deps.db, actor, id);
  checkPurposeAllowed(actor, parseCampaignDefinition(input).purpose);
  if (!EDITABLE.includes(current.state)) throw editRefused(id, current.state);
  if (current.state === "scheduled" && !deps.queues) throw conflict(`campaign ${id} is scheduled; this process cannot reach the queues to unschedule it`);
  const resolved = await resolveDefinition(deps.db, input, deps.clock);
  const now = deps.clock.now();
  const { before, campaign } = await deps.db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM campaign WHERE id = $1 FOR UPDATE`, id);
    const before = await tx.campaign.findUniqueOrThrow({ where: { id } });
    if (!EDITABLE.includes(before.state)) throw editRefused(id, before.state);
    const voided = before.state !== "draft";
    const scope = isOwn(actor, before) ? scopeOf(actor) : undefined;
    const campaign = await tx.campaign.update({
      where: { id },
      data: {
        ...resolved.data,
        ...VOIDED_APPROVAL,
        state: "draft",
        stateReason: voided ? `edited while ${before.state.replace("_", " ")}: ${VOIDED[before.state] ?? "the approval is void"}; submit or schedule it again` : null,
        sendAt: resolved.definition.sendAt ? new Date(resolved.definition.sendAt) : null,
        ...(scope ? { audienceScope: scope as unknown as Prisma.InputJsonValue } : {}),
        updatedAt: now,
      },
    });
    await recordAudit(tx, actor, now, {
      action: "campaign.update", targetType: "campaign", targetId: id,
      details: { from: before.state, to: "draft", approvalVoided: before.approvedAt !== null || before.state === "awaiting_approval", unscheduled: before.state === "scheduled" },
    });
    return { before, campaign };
  });
  if (before.state === "scheduled" && deps.queues) await removeLaunchJob(deps.queues, before);
  return campaignView(campaign);
}

const VOIDED: Partial<Record<CampaignState, string>> = {
  awaiting_approval: "the submission is withdrawn",
  scheduled: "unscheduled, and any approval is void",
};

function editRefused(id: number, state: CampaignState) {
  return new CampaignStateError(`campaign ${id} is ${state}; only a campaign that has not started can be edited (draft, awaiting_approval, approved, needs_reapproval or scheduled)`);
}

const CampaignCursor = z.object({ id: z.number().int().positive() });

export interface ListQuery {
  state?: CampaignState;
  cursor?: string;
  limit: number;
}

/** Campaigns, newest first; a steward's list holds only their own. */
export async function list(deps: Pick<CampaignDeps, "db">, actor: Actor, query: ListQuery): Promise<{ items: CampaignView[]; nextCursor: string | null }> {
  authorize(actor, "campaigns.read");
  const after = decodeCursor(query.cursor, CampaignCursor);
  if (query.cursor !== undefined && after === undefined) throw invalid("the cursor is not one this API gave", [{ path: "cursor", message: "is not a valid cursor" }]);
  const rows = await deps.db.campaign.findMany({
    where: { ...visibleCampaigns(actor), ...(query.state ? { state: query.state } : {}), ...(after ? { id: { lt: after.id } } : {}) },
    orderBy: { id: "desc" },
    take: query.limit + 1,
  });
  const items = rows.slice(0, query.limit);
  return { items: items.map(campaignView), nextCursor: rows.length > query.limit ? encodeCursor({ id: items[items.length - 1]!.id }) : null };
}

export async function get(deps: Pick<CampaignDeps, "db">, actor: Actor, id: number): Promise<CampaignView> {
  return campaignView(await readableCampaign(deps.db, actor, id));
}

/** Counts per channel and status (skips and failures by reason), rate and ETA; a steward's counts stay inside the scope. */
export async function status(deps: Pick<CampaignDeps, "db" | "clock" | "config">, actor: Actor, id: number): Promise<CampaignStatus> {
  await readableCampaign(deps.db, actor, id);
  return campaignStatus(deps.db, id, deps.clock, scopeOf(actor), deps.config);
}

const DeliveryCursor = z.object({ m: z.number().int().positive(), c: z.string().max(20) });

export interface DeliveriesQuery extends DeliveryFilter {
  cursor?: string;
  limit: number;
}

/** One page of a campaign's deliveries with member numbers: a read of personal data, audited. */
export async function deliveries(
  deps: Pick<CampaignDeps, "db" | "clock">,
  actor: Actor,
  id: number,
  query: DeliveriesQuery,
): Promise<{ items: DeliveryView[]; nextCursor: string | null }> {
  authorize(actor, "deliveries.read");
  await readableCampaign(deps.db, actor, id);
  const key = decodeCursor(query.cursor, DeliveryCursor);
  if (query.cursor !== undefined && key === undefined) throw invalid("the cursor is not one this API gave", [{ path: "cursor", message: "is not a valid cursor" }]);
  const filter = filterOf(query);
  const rows = await deliveryPage(deps.db, id, {
    filter, limit: query.limit + 1, scope: scopeOf(actor), after: key ? { memberId: key.m, channel: key.c } : undefined,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: "deliveries.list", targetType: "campaign", targetId: id, details: { ...filter, rows: page.length, firstPage: key === undefined },
  });
  return { items: page.map(deliveryView), nextCursor: rows.length > query.limit && last ? encodeCursor({ m: last.memberId, c: last.channel }) : null };
}

/**
 * Every delivery matching the filter, for a CSV export or the CLI: checked and audited before
 * the first row is read, then streamed page by page (never all rows in memory).
 */
export async function exportDeliveries(
  deps: Pick<CampaignDeps, "db" | "clock">,
  actor: Actor,
  id: number,
  filter: DeliveryFilter = {},
  format = "csv",
): Promise<AsyncGenerator<DeliveryRow>> {
  authorize(actor, "deliveries.read");
  await readableCampaign(deps.db, actor, id);
  const clean = filterOf(filter);
  await recordAudit(deps.db, actor, deps.clock.now(), { action: "deliveries.export", targetType: "campaign", targetId: id, details: { ...clean, format } });
  return streamDeliveries(deps.db, id, { filter: clean, scope: scopeOf(actor) });
}

function filterOf(query: DeliveryFilter): DeliveryFilter {
  return {
    ...(query.channel !== undefined ? { channel: query.channel } : {}),
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.reason !== undefined ? { reason: query.reason } : {}),
  };
}
