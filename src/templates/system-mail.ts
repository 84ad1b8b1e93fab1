// Emails Budstikke writes itself (a fresh preference link, a newsletter confirmation, the link to
// a member's history) in the same organisation layout as campaign emails: the member sees who
// writes, from where, and where the privacy statement is. They are `service` messages (the
// member asked for them): no unsubscribe links.
//
// The layout is compiled with MJML once per process, settings version and language, around a
// placeholder the message's paragraphs replace; MJML is loaded only when such an email is sent.
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import { currentIdentity, type IdentityConfig } from "../organisation/identity.ts";
import { escapeHtml } from "./escape.ts";
import { layoutTextFooter, layoutTextHeader, wrapInLayout, type TemplateBrand } from "./layout.ts";
import { compileMjml } from "./mjml.ts";
import { LANGUAGES, type Language } from "./schema.ts";

export interface SystemMailDeps {
  db: Db;
  config: Pick<Config, "PUBLIC_URL"> & IdentityConfig;
  clock: Clock;
}

/** Paragraphs of text, and links shown as their address (members can see where a link goes). */
export type SystemMailLine = string | { url: string };

export interface SystemMail {
  subject: string;
  html: string;
  text: string;
}

const CONTENT = "{{{content}}}";
const SKELETON = `<mjml><mj-body><mj-section><mj-column><mj-text>${CONTENT}</mj-text></mj-column></mj-section></mj-body></mjml>`;
const skeletons = new Map<string, Promise<string>>();

function skeleton(brand: TemplateBrand, language: Language): Promise<string> {
  const key = `${brand.identity.profileId}:${language}:${brand.publicUrl}`;
  let hit = skeletons.get(key);
  if (!hit) {
    hit = compileMjml(wrapInLayout(SKELETON, brand, language, "service")!, { channel: "email", language, field: "mjml" }).then((r) => {
      if (r.problems.length > 0) throw new Error(`the system email layout does not compile: ${r.problems[0]!.message}`);
      return r.html;
    });
    hit.catch(() => skeletons.delete(key));
    skeletons.set(key, hit);
  }
  return hit;
}

export async function systemEmail(deps: SystemMailDeps, language: string | null | undefined, subject: string, lines: SystemMailLine[]): Promise<SystemMail> {
  const lang: Language = (LANGUAGES as readonly string[]).includes(language ?? "") ? (language as Language) : "nb";
  const brand = { identity: await currentIdentity(deps.db, deps.config, deps.clock.now()), publicUrl: deps.config.PUBLIC_URL };
  const content = lines
    .map((line) => (typeof line === "string" ? `<p>${escapeHtml(line)}</p>` : `<p><a href="${escapeHtml(line.url)}">${escapeHtml(line.url)}</a></p>`))
    .join("");
  const body = lines.map((line) => (typeof line === "string" ? line : line.url)).join("\n\n");
  return {
    subject,
    // A function replacement: `$` in the content must stay literal.
    html: (await skeleton(brand, lang)).replace(CONTENT, () => content),
    text: `${layoutTextHeader(brand)}${body}${layoutTextFooter(brand, lang, "service")}`,
  };
}
