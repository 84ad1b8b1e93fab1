// The CSS of the member pages, drawn in the organisation's brand shades (organisation/colours.ts),
// so any brand colour keeps WCAG 2.1 AA contrast: the header band is the brand colour with text
// in `onBrand`, buttons are filled with the brand colour with `onBrand` text and a `link`-coloured
// edge (so a pale brand colour still shows the button's shape on white), and links are `link`.
// No fixed widths: the layout reflows down to 320 CSS px (1280 px at 400 % zoom, SC 1.4.10).
// Served inline: the CSP (helmet's default style-src) allows inline styles, and no file is fetched.
import { BODY_TEXT, FOOTER_BACKGROUND, FOOTER_TEXT, PAGE_BACKGROUND, type BrandShades } from "../organisation/colours.ts";

/** Red for errors: 6.5:1 on white. */
const ERROR = "#b91c1c";
/** Borders of fields and groups: 4.8:1 on white (SC 1.4.11 asks 3:1). */
const BORDER = "#6b7280";
const MUTED = "#4b5563";

export function memberStyle(shades: BrandShades): string {
  const { brand, onBrand, link } = shades;
  return `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:1rem;line-height:1.5;color:${BODY_TEXT};background:${PAGE_BACKGROUND};overflow-wrap:break-word}
.wrap{max-width:48rem;margin:0 auto;padding-left:1rem;padding-right:1rem}
a{color:${link};text-decoration:underline;text-underline-offset:.15em}
a:hover{text-decoration-thickness:.15em}
:focus-visible{outline:3px solid ${link};outline-offset:2px}
.skip{position:absolute;left:.5rem;top:-100rem;z-index:10;padding:.5rem 1rem;background:${PAGE_BACKGROUND};color:${BODY_TEXT};font-weight:700}
.skip:focus{top:.5rem;outline:3px solid ${BODY_TEXT};outline-offset:0}
.site-header{background:${brand};color:${onBrand}}
.site-header .bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.75rem 1.5rem;padding-top:.75rem;padding-bottom:.75rem}
.site-header :focus-visible{outline-color:${onBrand}}
.org{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem .75rem;margin:0;font-size:1.25rem;font-weight:700;line-height:1.25}
.logo{display:block;height:3rem;width:auto;max-width:100%;padding:.25rem;border-radius:.375rem;background:#fff}
.langs ul{display:flex;flex-wrap:wrap;gap:.5rem;margin:0;padding:0;list-style:none}
.langs button,.langs .current{display:inline-block;min-height:2.75rem;padding:.5rem .75rem;border:2px solid ${onBrand};border-radius:.375rem;font:inherit;line-height:1.5;background:transparent;color:${onBrand};cursor:pointer}
.langs button:hover{text-decoration:underline}
.langs .current{background:${onBrand};color:${brand};font-weight:700;cursor:default}
main{display:block;padding-top:1.5rem;padding-bottom:2rem}
main:focus{outline:none}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}
h2{font-size:1.25rem;line-height:1.3;margin:2rem 0 .5rem}
main button{min-height:2.75rem;padding:.5rem 1.25rem;border:2px solid ${link};border-radius:.375rem;font:inherit;font-weight:600;background:${brand};color:${onBrand};cursor:pointer}
main button:hover{text-decoration:underline}
fieldset{min-width:0;margin:1rem 0;padding:.25rem 1rem .75rem;border:1px solid ${BORDER};border-radius:.375rem}
legend{padding:0 .25rem;font-weight:700}
.choice{display:inline-flex;align-items:center;gap:.5rem;min-height:2.75rem;margin-right:1.25rem}
.choice input{width:1.25rem;height:1.25rem;margin:0;flex:none;accent-color:${link}}
small{font-size:1rem;color:${MUTED}}
.field{margin:1rem 0}
.field label{display:block;font-weight:600}
input[type=email]{display:block;width:100%;max-width:30rem;margin-top:.25rem;padding:.5rem .75rem;border:2px solid ${BORDER};border-radius:.375rem;font:inherit;color:${BODY_TEXT};background:#fff}
input[aria-invalid=true]{border:3px solid ${ERROR}}
.field-error{margin:.25rem 0 0;color:${ERROR};font-weight:700}
dt{font-weight:700}
dd{margin:0 0 .5rem}
.history{padding-left:1.5rem}
.history>li{margin-bottom:1.5rem;padding-top:.5rem;border-top:1px solid ${BORDER}}
.status{margin:1rem 0;padding:.75rem 1rem;border-left:.375rem solid #15803d;background:#f0fdf4}
.site-footer{margin-top:2rem;padding:1.5rem 0;border-top:.375rem solid ${brand};background:${FOOTER_BACKGROUND};color:${FOOTER_TEXT}}
.site-footer p,.site-footer address{margin:0 0 .75rem;font-style:normal}
.site-footer ul{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;margin:0;padding:0;list-style:none}
.site-footer ul li{padding:.25rem 0}`;
}
