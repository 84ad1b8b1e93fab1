// Sends a fresh preference link to the address on file (the member asked for it on a page with an
// old link). The first channel that may carry a `service` message wins: the old link's own
// channel, then email, then SMS. Audited; the address itself is never logged.
import type { Root } from "../app/root.ts";
import { assertNever } from "../assert.ts";
import type { ChannelName } from "../channels/names.ts";
import { CHANNEL_TRAITS, MESSAGE_CHANNELS } from "../channels/registry.ts";
import type { OutgoingMessage } from "../channels/types.ts";
import { decide } from "../consent/decide.ts";
import { freshLinkMessage } from "../consent/fresh-link.ts";
import { isPurpose } from "../consent/purposes.ts";
import { memberLinks } from "../consent/tokens.ts";
import type { MemberLinkJob } from "../queues/queues.ts";
import { mailDomain } from "./compose.ts";

export type MemberLinkDeps = Pick<Root, "db" | "config" | "clock" | "logger" | "channels" | "pseudonyms">;

export async function sendMemberLink(deps: MemberLinkDeps, job: MemberLinkJob): Promise<{ channel: ChannelName | null }> {
  const member = await deps.db.member.findUnique({ where: { id: job.memberId }, select: { firstName: true, language: true } });
  if (!member || !isPurpose(job.purpose)) return { channel: null };
  const now = deps.clock.now();
  const candidates = [...new Set([job.channel, ...MESSAGE_CHANNELS])].filter((c) => CHANNEL_TRAITS[c].mode === "message");
  for (const channel of candidates) {
    const decision = await decide(deps.db, job.memberId, "service", channel, now, { pseudonyms: deps.pseudonyms });
    if (!decision.allowed) continue;
    const url = memberLinks(deps.config.PUBLIC_URL, deps.config.secretKeys, {
      memberId: job.memberId, purpose: job.purpose, channel: job.channel, campaignId: job.campaignId, newsletterId: job.newsletterId, issuedAt: now,
    }).preferencesUrl;
    const text = freshLinkMessage(member.language, member.firstName, url, deps.config.PREFERENCES_OPT_IN_DAYS);
    const outgoing = compose(channel, decision.address, text, `<link-${job.memberId}-${now.getTime()}@${mailDomain(deps.config.MAIL_FROM)}>`);
    if (!outgoing) continue;
    const outcome = await deps.channels.send(outgoing);
    if (!outcome.ok) {
      deps.logger.warn({ memberId: job.memberId, channel, code: outcome.failure.code }, "fresh link not sent");
      if (outcome.failure.kind === "permanent") continue;
      throw new Error(`fresh link not sent: ${outcome.failure.code}`);
    }
    await deps.db.auditLog.create({
      data: { actor: "member", action: "member.fresh_link", entity: "member", entityId: String(job.memberId), at: now, details: { channel } },
    });
    return { channel };
  }
  return { channel: null };
}

function compose(channel: ChannelName, address: string, text: ReturnType<typeof freshLinkMessage>, messageId: string): OutgoingMessage | null {
  switch (channel) {
    case "email":
      return { channel, message: { to: address, subject: text.subject, text: text.text, html: text.html, headers: {}, messageId } };
    case "sms":
      return { channel, message: { to: address, body: text.sms } };
    case "letter":
      return null;
    default:
      return assertNever(channel);
  }
}
