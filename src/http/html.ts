// Plain, accessible HTML with no external assets (nothing for a scanner to fetch, nothing
// that leaks the visit to a third party). Every interpolated value goes through esc().
import type { Lang } from "./i18n.ts";

export function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

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

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#111;background:#fff}
button{font-size:1rem;padding:.6rem 1.2rem;cursor:pointer}fieldset{margin:1rem 0;border:1px solid #888}legend{font-weight:bold}
label{display:inline-block;margin-right:1rem;padding:.2rem 0}table{border-collapse:collapse}th,td{padding:.3rem .6rem;text-align:left}
.status{border-left:4px solid #1a5;padding:.5rem 1rem;background:#eef8f0}a{color:#0645ad}`;

export function page(lang: Lang, title: string, body: Html): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body.html}
</main>
</body>
</html>
`;
}
