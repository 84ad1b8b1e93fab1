// A newsletter's schedule: a five-field cron pattern read in Europe/Oslo time, as BullMQ's job
// scheduler reads it (the same cron-parser, the same `tz`). The slot processor asks which slot
// the clock is in, so tests drive it with an injected clock instead of waiting for Redis.
import type { Queue } from "bullmq";
import { CronExpressionParser } from "cron-parser";
import type { Db } from "../db/client.ts";
import type { Issue } from "../errors.ts";
import { ensureJobScheduler, type NewsletterJob } from "../queues/queues.ts";

export const NEWSLETTER_TIMEZONE = "Europe/Oslo";

/** The id of a newsletter's job scheduler (one per newsletter with a schedule). */
export const schedulerId = (newsletterId: number) => `newsletter-${newsletterId}`;
const SCHEDULER_PREFIX = "newsletter-";

/** Problems with a cron pattern (empty: it is usable). Five fields only: no seconds, so no newsletter every second. */
export function checkCron(pattern: string): Issue[] {
  const fields = pattern.trim().split(/\s+/);
  if (fields.length !== 5) return [{ path: "scheduleCron", message: "must have five fields: minute hour day-of-month month day-of-week (Europe/Oslo time)" }];
  try {
    CronExpressionParser.parse(pattern, { tz: NEWSLETTER_TIMEZONE });
    return [];
  } catch (error) {
    return [{ path: "scheduleCron", message: `is not a valid cron pattern: ${(error as Error).message}` }];
  }
}

/** The latest slot at or before `now` (what a scheduler job that fires at `now` is for). */
export function slotAtOrBefore(pattern: string, now: Date): Date {
  const expression = CronExpressionParser.parse(pattern, { tz: NEWSLETTER_TIMEZONE, currentDate: new Date(now.getTime() + 1000) });
  // cron-parser works in whole seconds: step back past a slot that lies in the second after `now`.
  for (;;) {
    const slot = expression.prev().toDate();
    if (slot.getTime() <= now.getTime()) return slot;
  }
}

/** The first slot after `now`. */
export function nextSlotAfter(pattern: string, now: Date): Date {
  return CronExpressionParser.parse(pattern, { tz: NEWSLETTER_TIMEZONE, currentDate: now }).next().toDate();
}

/**
 * Puts a newsletter's job scheduler in step with its schedule: registered (or updated) with the
 * pattern and Europe/Oslo when it has one, removed when it has none. The job carries ids only.
 */
export async function syncScheduler(queue: Queue<NewsletterJob>, newsletter: { id: number; scheduleCron: string | null }): Promise<void> {
  const id = schedulerId(newsletter.id);
  if (newsletter.scheduleCron === null) {
    await queue.removeJobScheduler(id);
    return;
  }
  await ensureJobScheduler(queue, id, { pattern: newsletter.scheduleCron, tz: NEWSLETTER_TIMEZONE }, { name: "slot", data: { kind: "slot", newsletterId: newsletter.id } });
}

/**
 * Every newsletter's scheduler as the database says, and none for newsletters that are gone or
 * unscheduled. Run at worker start and then periodically: a Redis that lost its data lost them.
 */
export async function syncAllSchedulers(db: Pick<Db, "newsletter">, queue: Queue<NewsletterJob>): Promise<{ registered: number; removed: number }> {
  const newsletters = await db.newsletter.findMany({ select: { id: true, scheduleCron: true } });
  for (const newsletter of newsletters) await syncScheduler(queue, newsletter);
  const wanted = new Set(newsletters.filter((n) => n.scheduleCron !== null).map((n) => schedulerId(n.id)));
  let removed = 0;
  for (const scheduler of await queue.getJobSchedulers(0, -1)) {
    const key = scheduler.key;
    if (key.startsWith(SCHEDULER_PREFIX) && !wanted.has(key)) {
      await queue.removeJobScheduler(key);
      removed++;
    }
  }
  return { registered: wanted.size, removed };
}
