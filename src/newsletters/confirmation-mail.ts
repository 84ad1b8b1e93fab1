// Sends a subscription's confirmation email (a queued job: the page that asked answers at once
// and says nothing about the address). The job holds the request's id only; the address is looked
// up here and the email goes to the member's address on file, through the injected channels.
// A `service`-like message: it asks a question the member raised, so it carries no unsubscribe
// headers, but a suppressed or invalid address still gets nothing.
import type { Root } from "../app/root.ts";
import { decide } from "../consent/decide.ts";
import { confirmationToken, CONFIRMATION_DAYS, hashToken } from "./subscriptions.ts";
import { newsletterTextsFor } from "./texts.ts";
import { systemEmail } from "../templates/system-mail.ts";

export type ConfirmationMailDeps = Pick<Root, "db" | "config" | "clock" | "logger" | "channels" | "pseudonyms">;

export function confirmationUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/subscribe/confirm/${token}`;
}

export async function sendConfirmationMail(deps: ConfirmationMailDeps, subscriptionId: number): Promise<{ sent: boolean; why?: string }> {
  const now = deps.clock.now();
  const request = await deps.db.newsletterSubscription.findUnique({ where: { id: subscriptionId }, include: { newsletter: { select: { name: true } } } });
  if (!request || request.confirmedAt !== null) return { sent: false, why: "nothing to confirm" };
  if (request.expiresAt <= now) return { sent: false, why: "expired" };
  const member = await deps.db.member.findUnique({ where: { id: request.memberId }, select: { firstName: true, language: true } });
  if (!member) return { sent: false, why: "member not found" };
  const decision = await decide(deps.db, request.memberId, "service", "email", now, { pseudonyms: deps.pseudonyms });
  if (!decision.allowed) return { sent: false, why: decision.reason };

  const token = confirmationToken(deps.config.secretKeys, request);
  // The stored hash follows the link actually sent (the signing key may have rotated since the request).
  await deps.db.newsletterSubscription.update({ where: { id: subscriptionId }, data: { tokenHash: hashToken(token) } });
  const url = confirmationUrl(deps.config.PUBLIC_URL, token);
  const { t } = newsletterTextsFor(member.language);
  const name = request.newsletter.name;
  const mail = await systemEmail(deps, member.language, t.mailSubject(name), [t.mailHello(member.firstName), t.mailBody(name, CONFIRMATION_DAYS), { url }, t.mailIgnore]);
  const domain = (/<([^>]+)>/.exec(deps.config.MAIL_FROM)?.[1] ?? deps.config.MAIL_FROM).split("@")[1]?.trim() || "budstikke.invalid";
  const outcome = await deps.channels.send({
    channel: "email",
    message: {
      to: decision.address,
      ...mail,
      headers: {},
      // One per request: a retried job is the same message.
      messageId: `<nl-confirm-${subscriptionId}-${request.requestedAt.getTime()}@${domain}>`,
    },
  });
  if (!outcome.ok) {
    deps.logger.warn({ subscriptionId, code: outcome.failure.code }, "newsletter confirmation not sent");
    if (outcome.failure.kind === "permanent") return { sent: false, why: outcome.failure.code };
    throw new Error(`newsletter confirmation not sent: ${outcome.failure.code}`);
  }
  await deps.db.auditLog.create({
    data: { actor: "system:newsletters", action: "newsletters.confirmation_sent", entity: "newsletter", entityId: String(request.newsletterId), at: now, details: { subscriptionId, memberId: request.memberId } },
  });
  return { sent: true };
}
