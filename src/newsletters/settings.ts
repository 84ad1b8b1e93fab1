// A newsletter's settings (template, sender name, schedule, segment) and its page's figures.
// Changing the schedule puts its BullMQ job scheduler in step at once (when this process has the
// queues; the worker re-registers every scheduler at start and periodically anyway).
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { countSubscribers } from "../consent/newsletters.ts";
import type { UpdateNewsletterInput } from "../contracts/newsletters.ts";
import type { Db } from "../db/client.ts";
import { invalid, notFound, type Issue } from "../errors.ts";
import type { Newsletter } from "../generated/prisma/client.ts";
import type { Queues } from "../queues/queues.ts";
import { latestSkippedSlots, type SkippedSlot } from "./issues.ts";
import { checkCron, nextSlotAfter, NEWSLETTER_TIMEZONE, syncScheduler } from "./schedule.ts";

export type SettingsDeps = Pick<Root, "db" | "clock"> & { queues?: Pick<Queues, "newsletters"> };

export interface NewsletterDetail {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
  templateId: number | null;
  senderName: string | null;
  scheduleCron: string | null;
  timezone: typeof NEWSLETTER_TIMEZONE;
  segmentId: number | null;
  nextSlotAt: string | null;
  subscribers: number;
  pendingConfirmations: number;
  preparedIssues: number;
  lastSkippedSlot: SkippedSlot | null;
}

/** Every newsletter with its settings and figures (confirmed subscribers come from the ledger). */
export async function newsletterDetails(deps: Pick<Root, "db" | "clock">, ids?: readonly number[]): Promise<NewsletterDetail[]> {
  const now = deps.clock.now();
  const rows = await deps.db.newsletter.findMany({ where: ids ? { id: { in: [...ids] } } : {}, orderBy: { id: "asc" } });
  const all = rows.map((n) => n.id);
  const [subscribers, pending, prepared, skipped] = await Promise.all([
    countSubscribers(deps.db, all),
    deps.db.newsletterSubscription.groupBy({ by: ["newsletterId"], where: { newsletterId: { in: all }, confirmedAt: null, expiresAt: { gt: now } }, _count: { _all: true } }),
    deps.db.newsletterIssue.groupBy({ by: ["newsletterId"], where: { newsletterId: { in: all }, status: "prepared" }, _count: { _all: true } }),
    latestSkippedSlots(deps.db, all),
  ]);
  const pendingBy = new Map(pending.map((p) => [p.newsletterId, p._count._all]));
  const preparedBy = new Map(prepared.map((p) => [p.newsletterId, p._count._all]));
  const skippedBy = new Map(skipped.map((s) => [s.newsletterId, s]));
  return rows.map((n) => ({
    id: n.id, slug: n.slug, name: n.name, createdAt: n.createdAt.toISOString(),
    templateId: n.templateId, senderName: n.senderName, scheduleCron: n.scheduleCron, timezone: NEWSLETTER_TIMEZONE, segmentId: n.segmentId,
    nextSlotAt: n.scheduleCron ? nextSlotAfter(n.scheduleCron, now).toISOString() : null,
    subscribers: subscribers.get(n.id) ?? 0,
    pendingConfirmations: pendingBy.get(n.id) ?? 0,
    preparedIssues: preparedBy.get(n.id) ?? 0,
    lastSkippedSlot: skippedBy.get(n.id) ?? null,
  }));
}

export async function listNewsletterDetails(deps: Pick<Root, "db" | "clock">, actor: Actor): Promise<NewsletterDetail[]> {
  authorize(actor, "newsletters.read");
  return newsletterDetails(deps);
}

export async function getNewsletterDetail(deps: Pick<Root, "db" | "clock">, actor: Actor, id: number): Promise<NewsletterDetail> {
  authorize(actor, "newsletters.read");
  const [detail] = await newsletterDetails(deps, [id]);
  if (!detail) throw notFound(`no newsletter with id ${id}`);
  return detail;
}

/** What a settings change must satisfy: a newsletter template with email content, a segment that exists, a usable cron pattern. */
async function checkSettings(db: Db, input: UpdateNewsletterInput): Promise<Issue[]> {
  const issues: Issue[] = [];
  if (input.templateId != null) {
    const template = await db.template.findUnique({ where: { id: input.templateId } });
    if (!template) issues.push({ path: "templateId", message: `no template ${input.templateId}` });
    else if (template.purpose !== "newsletter") issues.push({ path: "templateId", message: `the template's purpose is ${template.purpose}; a newsletter needs one of purpose newsletter` });
    else {
      const version = await db.templateVersion.findUnique({ where: { templateId_version: { templateId: template.id, version: template.latestVersion } }, select: { compiled: true } });
      if (!(version?.compiled as Record<string, unknown> | undefined)?.email) issues.push({ path: "templateId", message: "the template has no email content" });
    }
  }
  if (input.segmentId != null && !(await db.segment.findUnique({ where: { id: input.segmentId } }))) issues.push({ path: "segmentId", message: `no segment ${input.segmentId}` });
  if (input.scheduleCron != null) issues.push(...checkCron(input.scheduleCron));
  return issues;
}

/** Changes what is given (name, template, sender name, schedule, segment); audited; the job scheduler follows. */
export async function updateNewsletter(deps: SettingsDeps, actor: Actor, id: number, input: UpdateNewsletterInput): Promise<NewsletterDetail> {
  authorize(actor, "newsletters.write");
  const issues = await checkSettings(deps.db, input);
  if (issues.length > 0) throw invalid("invalid newsletter settings", issues);
  const now = deps.clock.now();
  const data = Object.fromEntries(
    (["name", "templateId", "senderName", "scheduleCron", "segmentId"] as const).filter((k) => input[k] !== undefined).map((k) => [k, input[k]]),
  ) as Partial<Pick<Newsletter, "name" | "templateId" | "senderName" | "scheduleCron" | "segmentId">>;
  const updated = await deps.db.$transaction(async (tx) => {
    const existing = await tx.newsletter.findUnique({ where: { id } });
    if (!existing) throw notFound(`no newsletter with id ${id}`);
    const row = await tx.newsletter.update({ where: { id }, data: { ...data, updatedAt: now } });
    // A change of the name alone is a rename, audited as the create-or-rename command always did.
    const action = Object.keys(data).every((k) => k === "name") ? "newsletters.rename" : "newsletters.update";
    await recordAudit(tx, actor, now, { action, targetType: "newsletter", targetId: id, details: { slug: existing.slug, changed: Object.keys(data), scheduleCron: row.scheduleCron } });
    return row;
  });
  if (deps.queues) await syncScheduler(deps.queues.newsletters, updated);
  return (await newsletterDetails(deps, [id]))[0]!;
}
