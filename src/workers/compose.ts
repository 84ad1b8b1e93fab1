// Turns a rendered template and a consent decision into the provider message: the address and
// the content, nothing else (GDPR art. 9: providers learn membership from the list).
import { assertNever } from "../assert.ts";
import type { ChannelName } from "../channels/names.ts";
import type { EmailMessage, OutgoingMessage, SmsMessage } from "../channels/types.ts";
import type { Config } from "../config.ts";
import { listUnsubscribeHeaders } from "../consent/headers.ts";
import { verpReturnPath } from "../deliveries/verp.ts";
import type { Purpose } from "../consent/purposes.ts";
import type { CompiledTemplate } from "../templates/compiled.ts";
import type { RenderContext } from "../templates/context.ts";
import { senderIsNumber } from "../templates/sms.ts";

export interface ComposeInput {
  deliveryId: bigint;
  campaignId: number;
  memberId: number;
  purpose: Purpose;
  address: string;
  context: RenderContext;
  /** The member's signed link token (from loadRenderContexts): the List-Unsubscribe headers use the same one as the body. */
  token: string;
}

type ComposeConfig = Pick<Config, "PUBLIC_URL" | "MAIL_FROM" | "UNSUBSCRIBE_MAILTO" | "BOUNCE_DOMAIN" | "secretKeys" | "TWILIO_FROM">;

export function mailDomain(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.split("@")[1]?.trim() || "budstikke.invalid";
}

/** The message of one delivery on its channel (the channel registry's one switch over composing). */
export function composeMessage(channel: ChannelName, template: CompiledTemplate, input: ComposeInput, config: ComposeConfig): OutgoingMessage {
  switch (channel) {
    case "email":
      return { channel, message: composeEmail(template, input, config) };
    case "sms":
      return { channel, message: composeSms(template, input, config) };
    case "letter":
      throw new Error("letters are handed over in print batches, not composed one by one");
    default:
      return assertNever(channel);
  }
}

/**
 * The Message-ID of a delivery: unique per delivery and the same on every attempt, so a
 * receiver can recognise a re-send and a bounce names its delivery.
 */
export function deliveryMessageId(deliveryId: bigint, campaignId: number, mailFrom: string): string {
  return `<d${deliveryId}.c${campaignId}@${mailDomain(mailFrom)}>`;
}

/**
 * A newsletter issue's sender name (campaign data `senderName`, set by src/newsletters/issues.ts)
 * with MAIL_FROM's address: members see the newsletter's name, and SPF, DKIM and bounces keep
 * working on our own address. Undefined (MAIL_FROM as it is) for other campaigns.
 */
export function fromWithSenderName(mailFrom: string, senderName: unknown): string | undefined {
  if (typeof senderName !== "string" || !senderName.trim()) return undefined;
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  // Quotes and angle brackets would end the display name early; nothing a name needs.
  return `"${senderName.trim().replace(/["\\<>\r\n]/g, "")}" <${address}>`;
}

export function composeEmail(template: CompiledTemplate, input: ComposeInput, config: ComposeConfig): EmailMessage {
  const { subject, html, text } = template.renderEmail(input.context);
  const from = fromWithSenderName(config.MAIL_FROM, input.context.data.senderName);
  // Service messages (dues, membership) carry no unsubscribe headers: members cannot opt out
  // of them. Everything else carries RFC 2369 + RFC 8058 one-click headers.
  const headers: Record<string, string> = input.purpose === "service" ? {} : { ...listUnsubscribeHeaders(config, input.token) };
  return {
    to: input.address, subject, html, text, headers, messageId: deliveryMessageId(input.deliveryId, input.campaignId, config.MAIL_FROM),
    ...(from ? { from } : {}),
    // With BOUNCE_DOMAIN, bounces come back to an address that names (and signs) this delivery.
    ...(config.BOUNCE_DOMAIN ? { envelopeFrom: verpReturnPath(config.secretKeys, config.BOUNCE_DOMAIN, input.deliveryId) } : {}),
  };
}

/** Where Twilio reports on an SMS; the delivery id in the query names the row (the signature covers it). */
export function smsStatusCallback(publicUrl: string, deliveryId: bigint): string {
  return `${publicUrl.replace(/\/+$/, "")}/webhooks/twilio/status?d=${deliveryId}`;
}

export function composeSms(template: CompiledTemplate, input: ComposeInput, config: Pick<Config, "PUBLIC_URL" | "TWILIO_FROM">): SmsMessage {
  return {
    to: input.address,
    // From a bare number the member cannot tell who writes: the organisation's name comes first.
    body: template.renderSmsBody(input.context, senderIsNumber(config.TWILIO_FROM)),
    statusCallback: smsStatusCallback(config.PUBLIC_URL, input.deliveryId),
  };
}
