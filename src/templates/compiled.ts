// The runtime side: a template version's stored artefacts turned into render functions.
// Everything expensive (MJML, Handlebars compilation) happened at save time or happens once
// here; rendering for a member is a few function calls.
import { stringify } from "csv-stringify/sync";
import type { Clock } from "../clock.ts";
import type { ChannelName, Purpose } from "../consent/purposes.ts";
import type { RenderContext } from "./context.ts";
import { compileHandlebars, formatDate, type RenderFn } from "./helpers.ts";
import { MissingAddressError, renderLetters } from "./letter.ts";
import type { LetterHead } from "./layout.ts";
import { LANGUAGES, type Language } from "./schema.ts";
import { countSms, type SmsCount } from "./sms.ts";

/** What a template version stores besides its source: Handlebars sources per language, footers included. */
export interface CompiledArtefacts {
  format: 1;
  name: string;
  purpose: Purpose;
  /** Set on a build (src/organisation/builds.ts): the organisation settings version it was made with. */
  organisationProfileId?: number;
  email?: Record<Language, { subject: string; html: string; text: string }>;
  sms?: Record<Language, { body: string }>;
  /** The organisation's short name: the first word of an SMS sent from a number (see smsBodyFor). */
  smsSender?: string;
  letter?: { returnLine: string; place: string; variants: Record<Language, { body: string }>; head?: LetterHead };
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface RenderedSms extends SmsCount {
  body: string;
}

export interface PrintItem {
  memberNumber: string;
  context: RenderContext;
}

export interface PrintBatch {
  pdf: Buffer;
  /** CSV with header member_number,first_page,page_count; pages are 1-based in the merged PDF. */
  manifestCsv: string;
  pages: number;
  manifest: Array<{ memberNumber: string; firstPage: number; pageCount: number }>;
}

interface EmailFns {
  subject: RenderFn;
  html: RenderFn;
  text: RenderFn;
}

export class CompiledTemplate {
  readonly name: string;
  readonly purpose: Purpose;
  readonly channels: ChannelName[];
  private readonly email = new Map<Language, EmailFns>();
  private readonly sms = new Map<Language, RenderFn>();
  private readonly letter = new Map<Language, RenderFn>();

  readonly artefacts: CompiledArtefacts;
  readonly versionId: number | null;
  /** The logo's PNG for the letter head (a build loads it once with the artefacts). */
  private readonly logoPng: Buffer | null;

  constructor(artefacts: CompiledArtefacts, versionId: number | null = null, assets: { logoPng?: Buffer | null } = {}) {
    this.artefacts = artefacts;
    this.versionId = versionId;
    this.logoPng = assets.logoPng ?? null;
    this.name = artefacts.name;
    this.purpose = artefacts.purpose;
    this.channels = (["email", "sms", "letter"] as const).filter((c) => artefacts[c] !== undefined);
  }

  renderEmail(ctx: RenderContext): RenderedEmail {
    const fns = this.emailFns(languageOf(ctx));
    return {
      // A header: one line, never HTML-escaped.
      subject: fns.subject(ctx).replace(/\s*[\r\n]+\s*/g, " ").trim(),
      html: fns.html(ctx),
      text: fns.text(ctx),
    };
  }

  /**
   * The SMS text and its encoding and segments (previews and save-time checks). With the
   * organisation's name in front by default, when the build has one: the longer of the two texts
   * is what the segment limit must allow.
   */
  renderSms(ctx: RenderContext, options: { namePrefix?: boolean } = {}): RenderedSms {
    const body = this.renderSmsBody(ctx, options.namePrefix ?? true);
    return { body, ...countSms(body) };
  }

  /**
   * Only the SMS text: what sending needs (counting segments costs more than rendering). With
   * `namePrefix`, the organisation's short name comes first ("Fjordunionen: …"): a member who gets
   * an SMS from a bare number can tell who writes. An alphanumeric sender already says it.
   */
  renderSmsBody(ctx: RenderContext, namePrefix = false): string {
    const body = this.renderSmsText(ctx);
    return namePrefix && this.artefacts.smsSender ? `${this.artefacts.smsSender}: ${body}` : body;
  }

  private renderSmsText(ctx: RenderContext): string {
    const language = languageOf(ctx);
    let fn = this.sms.get(language);
    if (!fn) {
      const source = this.need("sms")[language].body;
      fn = compileHandlebars(source, { escape: false });
      this.sms.set(language, fn);
    }
    return fn(ctx).trim();
  }

  /** The letter's Markdown-like body text for a member (what goes into the PDF). */
  renderLetterText(ctx: RenderContext): string {
    const language = languageOf(ctx);
    let fn = this.letter.get(language);
    if (!fn) {
      fn = compileHandlebars(this.need("letter").variants[language].body, { escape: false });
      this.letter.set(language, fn);
    }
    return fn(ctx);
  }

  /** One member's letter as a PDF. */
  async renderLetter(ctx: RenderContext, options: { clock: Clock }): Promise<Buffer> {
    const batch = await this.buildPrintBatch([{ memberNumber: "", context: ctx }], options);
    return batch.pdf;
  }

  /** Many letters in one merged PDF plus the print house's manifest. */
  async buildPrintBatch(items: PrintItem[], options: { clock: Clock }): Promise<PrintBatch> {
    const letter = this.need("letter");
    const now = options.clock.now();
    const pieces = items.map(({ memberNumber, context }) => {
      if (!context.address) throw new MissingAddressError(`member ${memberNumber || "(preview)"} has no usable postal address`);
      return { address: context.address, body: this.renderLetterText(context) };
    });
    const result = await renderLetters(pieces, {
      returnLine: letter.returnLine,
      place: letter.place,
      dateText: formatDate(now),
      creationDate: now,
      ...(letter.head ? { head: { ...letter.head, logoPng: this.logoPng } } : {}),
    });
    const manifest = items.map((item, i) => ({ memberNumber: item.memberNumber, ...result.placements[i]! }));
    const manifestCsv = stringify(manifest.map((m) => [m.memberNumber, m.firstPage, m.pageCount]), {
      header: true,
      columns: ["member_number", "first_page", "page_count"],
    });
    return { pdf: result.pdf, manifestCsv, pages: result.pages, manifest };
  }

  private emailFns(language: Language): EmailFns {
    let fns = this.email.get(language);
    if (!fns) {
      const source = this.need("email")[language];
      fns = {
        subject: compileHandlebars(source.subject, { escape: false }),
        html: compileHandlebars(source.html, { escape: true }),
        text: compileHandlebars(source.text, { escape: false }),
      };
      this.email.set(language, fns);
    }
    return fns;
  }

  private need<C extends ChannelName>(channel: C): NonNullable<CompiledArtefacts[C]> {
    const content = this.artefacts[channel];
    if (!content) throw new Error(`template "${this.name}" has no ${channel} content`);
    return content as NonNullable<CompiledArtefacts[C]>;
  }
}

function languageOf(ctx: RenderContext): Language {
  const l = ctx.member.language;
  return (LANGUAGES as readonly string[]).includes(l) ? l : "nb";
}
