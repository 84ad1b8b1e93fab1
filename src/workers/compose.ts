// Turns a rendered template and a consent decision into the provider message: the address
// and the content, nothing else (GDPR art. 9: providers learn membership from the list).
import type { EmailMessage, SmsMessage } from "../channels/types.ts";
import type { Config } from "../config.ts";
import { listUnsubscribeHeaders } from "../consent/headers.ts";
import type { Purpose } from "../consent/purposes.ts";
import type { CompiledTemplate } from "../templates/compiled.ts";
import type { RenderContext } from "../templates/context.ts";

export interface ComposeInput {
  deliveryId: bigint;
  campaignId: number;
  memberId: number;
  purpose: Purpose;
  address: string;
  context: RenderContext;
}

type MailConfig = Pick<Config, "PUBLIC_URL" | "secretKeys" | "MAIL_FROM" | "UNSUBSCRIBE_MAILTO">;

export function mailDomain(mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
  return address.split("@")[1]?.trim() || "budstikke.invalid";
}

export function composeEmail(template: CompiledTemplate, input: ComposeInput, config: MailConfig): EmailMessage {
  const { subject, html, text } = template.renderEmail(input.context);
  // Service messages (dues, membership) carry no unsubscribe headers: members cannot opt out
  // of them. Everything else carries RFC 2369 + RFC 8058 one-click headers.
  const headers: Record<string, string> =
    input.purpose === "service"
      ? {}
      : { ...listUnsubscribeHeaders(config, { memberId: input.memberId, purpose: input.purpose, channel: "email", campaignId: input.campaignId }) };
  return {
    to: input.address,
    subject,
    html,
    text,
    headers,
    // Unique per delivery and stable across retries, so a bounce or a duplicate can be traced.
    messageId: `<d${input.deliveryId}.c${input.campaignId}@${mailDomain(config.MAIL_FROM)}>`,
  };
}

export function composeSms(template: CompiledTemplate, input: ComposeInput, config: Pick<Config, "PUBLIC_URL">): SmsMessage {
  return {
    to: input.address,
    body: template.renderSms(input.context).body,
    statusCallback: `${config.PUBLIC_URL.replace(/\/+$/, "")}/webhooks/twilio/status`,
  };
}
