// Save time: check every source and build the artefacts a version stores. Any problem is
// reported here, with its line and column, so send time never meets a bad template.
import type { ChannelName } from "../consent/purposes.ts";
import { CompiledTemplate, type CompiledArtefacts } from "./compiled.ts";
import { sampleContext, worstCaseContext } from "./context.ts";
import { emailFooterMjml, emailFooterText, SMS_STOP_LINE } from "./footers.ts";
import { letterHead, layoutTextFooter, layoutTextHeader, wrapInLayout, type TemplateBrand } from "./layout.ts";
import { compileMjml } from "./mjml.ts";
import {
  LANGUAGES, TemplateValidationError, variantFor,
  type Language, type TemplateProblem, type TemplateSource, type TemplateWarning,
} from "./schema.ts";
import { SMS_MAX_SEGMENTS, SMS_WARN_SEGMENTS } from "./sms.ts";
import { checkHandlebars } from "./variables.ts";

export interface CompileResult {
  artefacts: CompiledArtefacts;
  warnings: TemplateWarning[];
}

/** Languages the author actually wrote (nb always); others fall back to nb's text. */
function written<T>(variants: { nb: T; nn?: T | undefined; en?: T | undefined }): Language[] {
  return LANGUAGES.filter((l) => l === "nb" || variants[l] !== undefined);
}

/**
 * Without `brand`: the bare version saved with the template (the opt-out footer alone), which
 * checks the sources and serves campaigns launched before the organisation layout existed. With
 * `brand`: a build for one version of the organisation settings (src/organisation/builds.ts),
 * in the organisation's email layout, with its letter head and SMS sender name.
 */
export async function compileTemplateSource(source: TemplateSource, brand?: TemplateBrand): Promise<CompileResult> {
  const problems: TemplateProblem[] = [];
  const warnings: TemplateWarning[] = [];
  const optOut = source.purpose !== "service";
  const check = (text: string, channel: ChannelName, language: Language, field: string) =>
    problems.push(...checkHandlebars(text, { channel, language, field }).problems);

  const artefacts: CompiledArtefacts = { format: 1, name: source.name, purpose: source.purpose, ...(brand ? { organisationProfileId: brand.identity.profileId } : {}) };

  if (source.email) {
    const email = source.email;
    for (const l of written(email)) {
      const v = email[l]!;
      check(v.subject, "email", l, "subject");
      check(v.mjml, "email", l, "mjml");
      if (v.text !== undefined) check(v.text, "email", l, "text");
    }
    const compiled = {} as NonNullable<CompiledArtefacts["email"]>;
    for (const l of LANGUAGES) {
      const v = variantFor(email, l);
      const sourceLanguage = email[l] ? l : "nb";
      const where = { channel: "email" as const, language: sourceLanguage, field: "mjml" };
      // A fallback language compiles nb's MJML again (with its own footer): report nb's problems once.
      if (brand) {
        // The author's document alone gives the problems (with the author's lines) and the derived text.
        const own = await compileMjml(v.mjml, where);
        if (sourceLanguage === l) problems.push(...own.problems);
        const wrapped = wrapInLayout(v.mjml, brand, l, source.purpose);
        const html = own.problems.length === 0 && wrapped !== null ? await compileMjml(wrapped, where) : own;
        if (html !== own) problems.push(...html.problems);
        const body = v.text !== undefined ? v.text.trim() : own.text;
        compiled[l] = { subject: v.subject, html: html.html, text: `${layoutTextHeader(brand)}${body}${layoutTextFooter(brand, l, source.purpose)}` };
        continue;
      }
      const mjml = await compileMjml(v.mjml, where, optOut ? emailFooterMjml(l) : "");
      if (sourceLanguage === l) problems.push(...mjml.problems);
      const text = v.text !== undefined ? `${v.text.trim()}${optOut ? emailFooterText(l) : "\n"}` : `${mjml.text}\n`;
      compiled[l] = { subject: v.subject, html: mjml.html, text };
    }
    artefacts.email = compiled;
  }

  if (source.sms) {
    const sms = source.sms;
    for (const l of written(sms)) check(sms[l]!.body, "sms", l, "body");
    const compiled = {} as NonNullable<CompiledArtefacts["sms"]>;
    for (const l of LANGUAGES) {
      const body = variantFor(sms, l).body.trim();
      compiled[l] = { body: optOut ? `${body}\n${SMS_STOP_LINE[l]}` : body };
    }
    artefacts.sms = compiled;
    if (brand) artefacts.smsSender = brand.identity.shortName;
  }

  if (source.letter) {
    const letter = source.letter;
    for (const l of written(letter)) check(letter[l]!.body, "letter", l, "body");
    const variants = {} as NonNullable<CompiledArtefacts["letter"]>["variants"];
    for (const l of LANGUAGES) variants[l] = { body: variantFor(letter, l).body };
    artefacts.letter = { returnLine: letter.returnLine, place: letter.place, variants, ...(brand ? { head: letterHead(brand) } : {}) };
  }

  if (problems.length > 0) throw new TemplateValidationError(problems);

  // Render once per language with the sample member (it must not throw) and, for SMS, with the
  // longest plausible member to enforce the segment limit.
  const template = new CompiledTemplate(artefacts);
  for (const l of LANGUAGES) {
    const sample = sampleContext({ language: l, campaignName: source.name, data: source.sampleData, publicUrl: "https://budstikke.example.no" });
    for (const channel of template.channels) {
      try {
        if (channel === "email") template.renderEmail(sample);
        else if (channel === "sms") template.renderSms(sample);
        else template.renderLetterText(sample);
      } catch (error) {
        problems.push({ channel, language: l, field: "render", message: `rendering the sample member failed: ${(error as Error).message}` });
      }
    }
    if (!source.sms || (l !== "nb" && !source.sms[l])) continue;
    const worst = template.renderSms(worstCaseContext(l, source.sampleData));
    const unicode = template.renderSms(worstCaseContext(l, source.sampleData, true));
    const where = { channel: "sms" as const, language: l };
    if (worst.segments > SMS_MAX_SEGMENTS) {
      problems.push({ ...where, field: "body", message: `a member with long names gets ${worst.segments} segments (${worst.characters} ${worst.encoding} characters); the limit is ${SMS_MAX_SEGMENTS}` });
    } else if (worst.segments > SMS_WARN_SEGMENTS) {
      warnings.push({ ...where, message: `up to ${worst.segments} segments per member (${worst.encoding}); more than ${SMS_WARN_SEGMENTS} costs extra and reads badly` });
    }
    if (unicode.segments > Math.max(worst.segments, SMS_WARN_SEGMENTS) && worst.segments <= SMS_MAX_SEGMENTS) {
      warnings.push({ ...where, message: `a member whose name needs UCS-2 (e.g. Polish letters) gets ${unicode.segments} segments` });
    }
  }
  if (problems.length > 0) throw new TemplateValidationError(problems);
  return { artefacts, warnings };
}
