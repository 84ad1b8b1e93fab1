// Sends a template test to a staff user's own address: the template version rendered for the
// sample member (no member's data leaves), subject marked as a test, no unsubscribe headers
// (there is no member to unsubscribe). The address is read from the staff user row at send
// time; the job carries ids only.
import { UnrecoverableError, type Job } from "bullmq";
import { recordAudit } from "../audit/record.ts";
import { systemActor } from "../auth/actor.ts";
import type { Channels } from "../channels/factory.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { TestSendJob } from "../queues/queues.ts";
import { sampleContext } from "../templates/context.ts";
import { currentTemplateBuild } from "../templates/builds.ts";
import { mailDomain } from "./compose.ts";

export interface TestSendDeps {
  db: Db;
  config: Pick<Config, "PUBLIC_URL" | "MAIL_FROM">;
  clock: Clock;
  logger: Logger;
  channels: Pick<Channels, "email">;
}

export type TestSendOutcome = { sent: true; messageId: string } | { sent: false; why: "user_gone" | "version_gone" };

export async function processTestSend(deps: TestSendDeps, job: Job<TestSendJob>): Promise<TestSendOutcome> {
  const { templateVersionId, staffUserId, language } = job.data;
  const user = await deps.db.staffUser.findUnique({ where: { id: staffUserId }, select: { email: true, disabledAt: true } });
  // A user disabled after asking gets nothing: their rights ended with the account.
  if (!user || user.disabledAt) {
    deps.logger.warn({ staffUserId, templateVersionId }, "test send dropped: the user is gone or disabled");
    return { sent: false, why: "user_gone" };
  }
  const version = await deps.db.templateVersion.findUnique({ where: { id: templateVersionId }, select: { name: true, source: true } });
  if (!version) return { sent: false, why: "version_gone" };
  const template = await currentTemplateBuild(deps, templateVersionId);
  const sampleData = (version.source as { sampleData?: Record<string, unknown> } | null)?.sampleData ?? {};
  const context = sampleContext({ language, campaignName: version.name, data: sampleData, publicUrl: deps.config.PUBLIC_URL });
  const email = template.renderEmail(context);
  // The same Message-ID on every attempt of this job, so a re-send after an unclear answer is recognisable.
  const messageId = `<test.${job.id}.${job.timestamp}@${mailDomain(deps.config.MAIL_FROM)}>`;
  const outcome = await deps.channels.email.send({
    to: user.email, subject: `[TEST] ${email.subject}`, html: email.html, text: email.text, headers: {}, messageId,
  });
  if (!outcome.ok) {
    const { kind, code } = outcome.failure;
    deps.logger.warn({ staffUserId, templateVersionId, kind, code }, "test send failed");
    // Another attempt cannot fix a refused address or a refused sender.
    if (kind === "permanent" || kind === "sender_refused") throw new UnrecoverableError(`test send refused: ${code}`);
    throw new Error(`test send not delivered: ${code}`);
  }
  await recordAudit(deps.db, systemActor("worker"), deps.clock.now(), {
    action: "templates.test_sent", targetType: "template_version", targetId: templateVersionId, details: { staffUserId, language },
  });
  deps.logger.info({ staffUserId, templateVersionId }, "test send delivered");
  return { sent: true, messageId };
}
