// Sends a link the member asked for on a public page to the address on file: a fresh preference
// link (asked for with an old link), or a link to the member's history (src/history/). The first
// channel that may carry a `service` message wins: for a fresh link the old link's own channel,
// then email, then SMS; for a history link email, then SMS. Audited; the address itself is never
// logged, and a history link's token is made here, so it never sits in Redis.
import type { Root } from "../app/root.ts";
import { assertNever } from "../assert.ts";
import type { ChannelName } from "../channels/names.ts";
import { CHANNEL_TRAITS, MESSAGE_CHANNELS } from "../channels/registry.ts";
import type { OutgoingMessage } from "../channels/types.ts";
import { decide } from "../consent/decide.ts";
import { freshLinkMessage, type FreshLinkMessage } from "../consent/fresh-link.ts";
import { isPurpose, type Purpose } from "../consent/purposes.ts";
import { memberLinks } from "../consent/tokens.ts";
import { historyLinkMessage, type HistoryLinkMessage } from "../history/link-message.ts";
import { createHistoryLink, historyUrl } from "../history/links.ts";
import type { Language } from "../members/fields.ts";
import type { MemberLinkJob } from "../queues/queues.ts";
import { shownIdentity } from "../organisation/identity.ts";
import { senderIsNumber } from "../templates/sms.ts";
import { systemEmail } from "../templates/system-mail.ts";
import { mailDomain } from "./compose.ts";

export type MemberLinkDeps = Pick<Root, "db" | "config" | "clock" | "logger" | "channels" | "pseudonyms">;
type LinkMessage = FreshLinkMessage | HistoryLinkMessage;

export async function sendMemberLink(deps: MemberLinkDeps, job: MemberLinkJob): Promise<{ channel: ChannelName | null }> {
  const member = await deps.db.member.findUnique({ where: { id: job.memberId }, select: { firstName: true, language: true } });
  if (!member || !isPurpose(job.purpose)) return { channel: null };
  const now = deps.clock.now();
  const history = job.kind === "history";
  const first = history ? [] : [job.channel];
  const candidates = [...new Set([...first, ...MESSAGE_CHANNELS])].filter((c) => CHANNEL_TRAITS[c].mode === "message");
  const what = history ? "history link" : "fresh link";
  for (const channel of candidates) {
    const decision = await decide(deps.db, job.memberId, "service", channel, now, { pseudonyms: deps.pseudonyms });
    if (!decision.allowed) continue;
    const text = await messageFor(deps, { ...job, purpose: job.purpose }, member, now);
    const outgoing = await compose(deps, channel, decision.address, member.language, text, `<link-${job.memberId}-${now.getTime()}@${mailDomain(deps.config.MAIL_FROM)}>`);
    if (!outgoing) continue;
    const outcome = await deps.channels.send(outgoing);
    if (!outcome.ok) {
      deps.logger.warn({ memberId: job.memberId, channel, code: outcome.failure.code }, `${what} not sent`);
      if (outcome.failure.kind === "permanent") continue;
      throw new Error(`${what} not sent: ${outcome.failure.code}`);
    }
    await deps.db.auditLog.create({
      data: { actor: "member", action: history ? "member.history_link" : "member.fresh_link", entity: "member", entityId: String(job.memberId), at: now, details: { channel } },
    });
    return { channel };
  }
  return { channel: null };
}

/** The message with its link: a history link (made now, for this message only) or a fresh preference link. */
async function messageFor(
  deps: MemberLinkDeps, job: MemberLinkJob & { purpose: Purpose }, member: { firstName: string; language: Language }, now: Date,
): Promise<LinkMessage> {
  if (job.kind === "history") {
    const token = await createHistoryLink(deps.db, job.memberId, now);
    return historyLinkMessage(member.language, member.firstName, historyUrl(deps.config.PUBLIC_URL, token));
  }
  const url = memberLinks(deps.config.PUBLIC_URL, deps.config.secretKeys, {
    memberId: job.memberId, purpose: job.purpose, channel: job.channel, campaignId: job.campaignId, newsletterId: job.newsletterId, issuedAt: now,
  }).preferencesUrl;
  return freshLinkMessage(member.language, member.firstName, url, deps.config.PREFERENCES_OPT_IN_DAYS);
}

/** In the organisation's email layout; an SMS from a number starts with the organisation's short name. */
async function compose(
  deps: MemberLinkDeps, channel: ChannelName, address: string, language: Language, text: LinkMessage, messageId: string,
): Promise<OutgoingMessage | null> {
  switch (channel) {
    case "email":
      return { channel, message: { to: address, ...(await systemEmail(deps, language, text.subject, text.lines)), headers: {}, messageId } };
    case "sms": {
      const prefix = senderIsNumber(deps.config.TWILIO_FROM) ? `${(await shownIdentity(deps.db, deps.config)).shortName}: ` : "";
      return { channel, message: { to: address, body: `${prefix}${text.sms}` } };
    }
    case "letter":
      return null;
    default:
      return assertNever(channel);
  }
}
