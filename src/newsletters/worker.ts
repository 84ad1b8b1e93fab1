// The newsletters queue's worker: schedule slots, confirmation emails and the clean-up of
// expired requests. At worker start (and then with the sweeper's scheduler, src/workers/run.ts)
// every newsletter's job scheduler is put in step with the database, because a Redis that lost
// its data lost the schedulers too.
import { Worker, type ConnectionOptions } from "bullmq";
import type { Root } from "../app/root.ts";
import type { LifecycleDeps } from "../campaigns/lifecycle.ts";
import { ensureJobScheduler, NEWSLETTERS_QUEUE, type NewsletterJob, type Queues } from "../queues/queues.ts";
import { sendConfirmationMail } from "./confirmation-mail.ts";
import { syncAllSchedulers } from "./schedule.ts";
import { runSlot } from "./slots.ts";
import { deleteExpiredRequests } from "./subscriptions.ts";

export const EXPIRE_SCHEDULER_ID = "newsletter-subscriptions-expire";
const HOUR_MS = 3_600_000;

export interface NewsletterWorkerDeps extends Pick<Root, "db" | "config" | "clock" | "logger" | "channels" | "pseudonyms"> {
  queues: Pick<Queues, "newsletters">;
  lifecycle: LifecycleDeps;
}

export async function processNewsletterJob(deps: NewsletterWorkerDeps, job: NewsletterJob): Promise<unknown> {
  switch (job.kind) {
    case "slot": {
      const outcome = await runSlot(deps.lifecycle, job.newsletterId);
      deps.logger.info({ newsletterId: job.newsletterId, ...outcome }, "newsletter slot");
      return outcome;
    }
    case "confirm":
      return sendConfirmationMail(deps, job.subscriptionId);
    case "expire":
      return { deleted: await deleteExpiredRequests(deps.db, deps.clock.now()) };
    default: {
      const unknown: never = job;
      throw new Error(`unknown newsletter job ${JSON.stringify(unknown)}`);
    }
  }
}

/** Registers the newsletters' schedulers and the hourly expiry; logs and carries on when Redis is away. */
export async function registerNewsletterSchedulers(deps: Pick<NewsletterWorkerDeps, "db" | "logger" | "queues">): Promise<void> {
  try {
    await syncAllSchedulers(deps.db, deps.queues.newsletters);
    await ensureJobScheduler(deps.queues.newsletters, EXPIRE_SCHEDULER_ID, { every: HOUR_MS }, { name: "expire", data: { kind: "expire" } });
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, "could not register the newsletter schedulers");
  }
}

/** The worker; its schedulers are registered by the caller with the others (registerNewsletterSchedulers). */
export function startNewsletterWorker(
  deps: NewsletterWorkerDeps,
  options: { connection: ConnectionOptions; prefix: string; lockDuration: number; stalledInterval: number },
): Worker<NewsletterJob> {
  return new Worker<NewsletterJob>(NEWSLETTERS_QUEUE, (job) => processNewsletterJob(deps, job.data), { ...options, concurrency: 2 });
}
