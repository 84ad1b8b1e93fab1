// The HTML of the member's history pages. Pure: data in, Html out. One <li> per message with a
// heading and a description list, not a table: it has to read on a 320 px wide phone.
import type { LawfulBasis, MemberHistory } from "../contracts/history.ts";
import { isPurpose } from "../consent/purposes.ts";
import { html, raw, type Html } from "../http/html.ts";
import type { Lang } from "../http/i18n.ts";
import { lawfulBasisOf } from "./lawful-basis.ts";
import { basisText, consentText, osloDateTime, purposeText, statusText, whyText, type HistoryTexts } from "./texts.ts";

const none = raw("");

function entryItem(t: HistoryTexts, entry: MemberHistory["entries"][number]): Html {
  return html`<li id="message-${entry.deliveryId}">
<h2>${entry.campaignName}</h2>
<dl>
<dt>${t.labels.at}</dt><dd><time datetime="${entry.at}">${osloDateTime(t, entry.at)}</time></dd>
<dt>${t.labels.channel}</dt><dd>${t.common.channels[entry.channel]}</dd>
<dt>${t.labels.purpose}</dt><dd>${purposeText(t, entry.purpose)}</dd>
<dt>${t.labels.status}</dt><dd>${statusText(t, entry.status)}</dd>
<dt>${t.labels.why}</dt><dd>${whyText(t, entry.why)}</dd>
<dt>${t.labels.basis}</dt><dd>${basisText(t, entry.why)}</dd>
<dt>${t.labels.consent}</dt><dd>${consentText(t, entry.consent)}</dd>
</dl>
</li>`;
}

/** What each lawful basis on the page means, once per basis (the first purpose that uses it explains it). */
function basesExplained(t: HistoryTexts, lang: Lang, history: MemberHistory): Html {
  const seen = new Map<LawfulBasis, string>();
  for (const e of history.entries) {
    if (!seen.has(e.why.lawfulBasis) && isPurpose(e.purpose)) seen.set(e.why.lawfulBasis, lawfulBasisOf(e.purpose).explanation[lang]);
  }
  if (seen.size === 0) return none;
  const items = [...seen].map(([basis, sentence]) => html`<dt>${t.bases[basis]}</dt><dd>${sentence}</dd>`);
  return html`<h2>${t.basesHeading}</h2><dl>${items}</dl>`;
}

export interface HistoryPageLinks {
  csv: string;
  json: string;
  expiresAt: Date;
}

export function historyPage(t: HistoryTexts, lang: Lang, history: MemberHistory, links: HistoryPageLinks): Html {
  const list = history.entries.length
    ? html`<ol class="history">${history.entries.map((e) => entryItem(t, e))}</ol>`
    : html`<p>${t.empty}</p>`;
  // The downloads before the list: a long history must not bury them.
  return html`<h1>${t.title}</h1>
<p>${t.intro}</p>
<p>${t.retention(history.retentionDays)}</p>
<p>${t.downloadHeading}: <a href="${links.csv}" download>${t.downloadCsv}</a> · <a href="${links.json}" download>${t.downloadJson}</a></p>
${list}
${basesExplained(t, lang, history)}
<p>${t.validUntil(osloDateTime(t, links.expiresAt))}</p>`;
}

/** After asking for the link: the same answer whatever the member has on file. */
export function historyRequested(t: HistoryTexts): Html {
  return html`<h1>${t.title}</h1><p class="status" role="status">${t.requested}</p>`;
}

export function historyExpired(t: HistoryTexts): Html {
  return html`<h1>${t.expiredTitle}</h1><p>${t.expired}</p>`;
}
