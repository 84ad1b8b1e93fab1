// Plain, accessible HTML with no external assets (nothing for a scanner to fetch, nothing
// that leaks the visit to a third party). Every interpolated value goes through esc().
import { escapeHtml } from "../templates/escape.ts";
import type { Lang } from "./i18n.ts";

export const esc = escapeHtml;

/** A trusted HTML fragment (already escaped). */
export interface Html {
  readonly html: string;
}

export const raw = (html: string): Html => ({ html });

export function html(strings: TemplateStringsArray, ...values: Array<string | number | Html | Html[]>): Html {
  let out = strings[0] ?? "";
  values.forEach((v, i) => {
    const piece = Array.isArray(v) ? v.map((h) => h.html).join("") : typeof v === "object" ? v.html : esc(String(v));
    out += piece + (strings[i + 1] ?? "");
  });
  return raw(out);
}

/** The document around a page's body: language, viewport (zoom allowed), no indexing, inline CSS. */
export function htmlDocument(lang: Lang, title: string, style: string, body: string): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)}</title>
<style>${style}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

// The plain frame (the 404 page, which answers without looking anything up). Contrast, sizes and
// focus as on the member pages (member-style.ts), without the organisation's colours.
const PLAIN_STYLE = `*,*::before,*::after{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.5;color:#1f2937;background:#fff;margin:0;overflow-wrap:break-word}
main{display:block;max-width:44rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
a{color:#1d4ed8}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}`;

export function page(lang: Lang, title: string, body: Html): string {
  return htmlDocument(lang, title, PLAIN_STYLE, `<main>\n${body.html}\n</main>`);
}
