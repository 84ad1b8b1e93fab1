// Previews render exactly what a send would: the same compiled version, the same context
// builder (for a real member) and the same footers. Only the campaign is absent.
import { DomainError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { ChannelName } from "../consent/purposes.ts";
import type { Db } from "../db/client.ts";
import { sampleContext, type RenderContext } from "./context.ts";
import { loadRenderContexts } from "./load-contexts.ts";
import type { Language, TemplateSource } from "./schema.ts";
import type { currentIdentity } from "../organisation/identity.ts";
import { currentTemplateBuild } from "./builds.ts";
import { senderIsNumber } from "./sms.ts";
import { getTemplate, TemplateNotFoundError } from "./store.ts";
import type { RenderedEmail, RenderedSms } from "./compiled.ts";

export interface PreviewRequest {
  templateId: number;
  /** Defaults to the latest version. */
  version?: number;
  channel: ChannelName;
  /** A real member's number, or omitted for the built-in sample member. */
  memberNumber?: string;
  /** Overrides the member's own language. */
  language?: Language;
  config: Pick<Config, "PUBLIC_URL" | "secretKeys" | "TWILIO_FROM"> & Parameters<typeof currentIdentity>[1];
  clock: Clock;
}

export type Preview =
  | { channel: "email"; contentType: "text/html"; body: string; email: RenderedEmail; templateVersionId: number }
  | { channel: "sms"; contentType: "text/plain"; body: string; sms: RenderedSms; templateVersionId: number }
  | { channel: "letter"; contentType: "application/pdf"; body: Buffer; templateVersionId: number };

export class PreviewError extends DomainError {
  override name = "PreviewError";
  constructor(message: string) {
    super("invalid", message);
  }
}

export async function previewTemplate(db: Db, request: PreviewRequest): Promise<Preview> {
  const detail = await getTemplate(db, request.templateId, request.version);
  const source: TemplateSource = detail.source;
  // The settings as they are now: what a campaign launched now would send.
  const template = await currentTemplateBuild({ db, config: request.config, clock: request.clock }, detail.templateVersionId);
  if (!template.channels.includes(request.channel)) {
    throw new PreviewError(`template ${request.templateId} has no ${request.channel} content (it has ${template.channels.join(", ")})`);
  }
  let context: RenderContext;
  if (request.memberNumber !== undefined) {
    const member = await db.member.findUnique({ where: { memberNumber: request.memberNumber }, select: { id: true } });
    if (!member) throw new TemplateNotFoundError(`no member with number ${request.memberNumber}`);
    const loaded = await loadRenderContexts(db, [member.id], {
      campaignName: source.name, data: source.sampleData ?? {}, purpose: template.purpose,
      channel: request.channel, campaignId: null, config: request.config, issuedAt: request.clock.now(),
    });
    context = loaded.get(member.id)!.context;
  } else {
    context = sampleContext({
      language: request.language ?? "nb", campaignName: source.name, data: source.sampleData ?? {}, publicUrl: request.config.PUBLIC_URL,
    });
  }
  if (request.language) context = { ...context, member: { ...context.member, language: request.language } };

  const templateVersionId = detail.templateVersionId;
  switch (request.channel) {
    case "email": {
      const email = template.renderEmail(context);
      return { channel: "email", contentType: "text/html", body: email.html, email, templateVersionId };
    }
    case "sms": {
      const sms = template.renderSms(context, { namePrefix: senderIsNumber(request.config.TWILIO_FROM) });
      return { channel: "sms", contentType: "text/plain", body: sms.body, sms, templateVersionId };
    }
    case "letter": {
      if (!context.address) throw new PreviewError(`member ${request.memberNumber} has no usable postal address`);
      const pdf = await template.renderLetter(context, { clock: request.clock });
      return { channel: "letter", contentType: "application/pdf", body: pdf, templateVersionId };
    }
  }
}
