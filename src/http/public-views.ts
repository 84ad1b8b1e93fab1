// The HTML of the public pages (unsubscribe and preference centre). Pure: data in, Html out.
import { CHANNELS, OPTOUT_PURPOSES } from "../consent/purposes.ts";
import type { Preferences } from "../consent/preferences.ts";
import { html, raw, type Html } from "./html.ts";
import type { Texts } from "./i18n.ts";
import type { NewsletterTexts } from "../newsletters/texts.ts";

export interface LinkState {
  token: string;
  /** The token may say yes again (see tokens.mayOptIn). */
  fresh: boolean;
  /** A fresh link can be sent (the server has queues). */
  canSendFreshLink: boolean;
}

const none = raw("");

export function freshLinkForm(t: Texts, link: LinkState): Html {
  if (!link.canSendFreshLink) return none;
  return html`<form method="post" action="/preferences/${link.token}/fresh-link"><button type="submit">${t.freshLinkButton}</button></form>`;
}

export function unsubscribeQuestion(t: Texts, what: string, link: LinkState): Html {
  return html`<h1>${t.title}</h1>
<p>${t.unsubscribeIntro(what)}</p>
<form method="post" action="/u/${link.token}"><input type="hidden" name="action" value="unsubscribe"><button type="submit">${t.unsubscribeButton}</button></form>
<p>${t.serviceNote}</p>
<p><a href="/preferences/${link.token}">${t.preferencesLink}</a></p>`;
}

/** After opting out: an undo button when the link may opt in again, else the offer of a fresh link. */
export function unsubscribed(t: Texts, what: string, link: LinkState): Html {
  const undo = link.fresh
    ? html`<form method="post" action="/u/${link.token}"><input type="hidden" name="action" value="resubscribe"><button type="submit">${t.resubscribeButton}</button></form>`
    : html`<p>${t.linkTooOld}</p>${freshLinkForm(t, link)}`;
  return html`<h1>${t.title}</h1><p class="status" role="status">${t.unsubscribed(what)}</p>
${undo}<p><a href="/preferences/${link.token}">${t.preferencesLink}</a></p>`;
}

export function resubscribed(t: Texts, what: string, link: LinkState): Html {
  return html`<h1>${t.title}</h1><p class="status" role="status">${t.resubscribed(what)}</p><p><a href="/preferences/${link.token}">${t.preferencesLink}</a></p>`;
}

export function tooOldToOptIn(t: Texts, link: LinkState): Html {
  return html`<h1>${t.title}</h1><p class="status" role="status">${t.linkTooOld}</p>${freshLinkForm(t, link)}
<p><a href="/preferences/${link.token}">${t.preferencesLink}</a></p>`;
}

export function freshLinkSent(t: Texts, days: number): Html {
  return html`<h1>${t.preferencesTitle}</h1><p class="status" role="status">${t.freshLinkSent(days)}</p>`;
}

/**
 * The preference form. With an old link, what is refused now cannot be ticked (a yes needs a
 * fresh link): such boxes are disabled, and a refusal that stays ticked is sent along hidden,
 * so saving the form does not read as an attempt to lift it.
 */
export function preferencesForm(t: Texts, link: LinkState, prefs: Preferences, status: string | null, pendingHint = ""): Html {
  const check = (name: string, checked: boolean, label: string, yesMeansOptIn: boolean) => {
    const locked = !link.fresh && (yesMeansOptIn ? !checked : checked);
    const attributes = raw(`${checked ? " checked" : ""}${locked ? " disabled" : ""}`);
    const keep = locked && checked ? html`<input type="hidden" name="${name}" value="on">` : none;
    return html`<label class="choice"><input type="checkbox" name="${name}"${attributes}> <span>${label}${locked ? html` <small>${t.lockedHint}</small>` : none}</span></label>${keep}`;
  };
  const rows = OPTOUT_PURPOSES.map(
    (p) => html`<fieldset><legend>${t.purposes[p]}</legend>${CHANNELS.map((c) => check(`p-${p}-${c}`, prefs.allowed[p][c], t.channels[c], true))}</fieldset>`,
  );
  const letters = prefs.newsletters.length
    ? html`<fieldset><legend>${t.newslettersHeading}</legend>${prefs.newsletters.map((n) => check(`nl-${n.id}`, n.subscribed, n.pending && !n.subscribed ? `${n.name} ${pendingHint}` : n.name, true))}</fieldset>`
    : none;
  return html`<h1>${t.preferencesTitle}</h1>
${status ? html`<p class="status" role="status">${status}</p>` : none}
${link.fresh ? none : html`<p>${t.linkTooOld}</p>${freshLinkForm(t, link)}`}
<p>${t.preferencesIntro}</p>
<form method="post" action="/preferences/${link.token}">
${rows}
${letters}
<fieldset><legend>${t.allPurposes}</legend>${check("objection", prefs.objection, t.objection, false)}</fieldset>
<p>${t.serviceNote}</p>
<button type="submit">${t.save}</button>
</form>
${historyOffer(t, link)}`;
}

/** The way to the art. 15 overview: a button whose POST (another module's route) sends a link to the address on file. */
export function historyOffer(t: Texts, link: LinkState): Html {
  return html`<section aria-labelledby="history-heading">
<h2 id="history-heading">${t.historyHeading}</h2>
<p>${t.historyIntro}</p>
<form method="post" action="/preferences/${link.token}/history"><button type="submit">${t.historyButton}</button></form>
</section>`;
}

// ── newsletters: the public subscribe form and the confirmation page ──

/** What was typed in the subscribe form's email field, and what is wrong with it (null: nothing). */
export interface EmailField {
  value: string;
  error: string | null;
}

/**
 * The subscribe form of one newsletter. Shows the consent text whose version the ledger records.
 * The browser's own validation is off (novalidate): the server's message, next to the field and
 * tied to it (aria-describedby, aria-invalid), is the one every visitor gets, with or without
 * JavaScript, and it stays on the page while the visitor corrects the field.
 */
export function subscribeForm(t: NewsletterTexts, newsletter: { slug: string; name: string }, status: string | null, field: EmailField = { value: "", error: null }, errorPrefix = ""): Html {
  const invalid = field.error !== null;
  const error = invalid ? html`<p class="field-error" id="email-error">${errorPrefix ? `${errorPrefix}: ` : ""}${field.error ?? ""}</p>` : none;
  const aria = invalid ? raw(' aria-invalid="true" aria-describedby="email-error"') : none;
  return html`<h1>${t.subscribeTitle(newsletter.name)}</h1>
${status ? html`<p class="status" role="status">${status}</p>` : none}
<form method="post" action="/subscribe/${newsletter.slug}" novalidate>
<p>${t.consent(newsletter.name)}</p>
<div class="field"><label for="email">${t.emailLabel}</label>
${error}<input id="email" type="email" name="email" value="${field.value}" required maxlength="320" autocomplete="email" spellcheck="false"${aria}></div>
<button type="submit">${t.subscribeButton}</button>
</form>`;
}

/** GET of a confirmation link: a question and a button. Only the button's POST confirms. */
export function confirmQuestion(t: NewsletterTexts, token: string, name: string): Html {
  return html`<h1>${t.confirmTitle}</h1>
<p>${t.confirmQuestion(name)}</p>
<p>${t.consent(name)}</p>
<form method="post" action="/subscribe/confirm/${token}"><button type="submit">${t.confirmButton}</button></form>`;
}

export function confirmOutcome(t: NewsletterTexts, message: string): Html {
  return html`<h1>${t.confirmTitle}</h1><p class="status" role="status">${message}</p>`;
}
// ── end newsletters ──
