// GET /tilgjengelighet: the accessibility statement of the member pages (forskrift om universell
// utforming av IKT-løsninger): which standard, what was tested and how, known limitations, how
// to tell us about a problem, and where to complain. The date is the statement's own: change it
// when the statement changes, not when the server starts.
import type { FastifyInstance } from "fastify";
import { shownIdentity, type OrganisationIdentity } from "../organisation/identity.ts";
import type { AppDeps } from "./app.ts";
import { html, type Html } from "./html.ts";
import type { Lang } from "./i18n.ts";
import { memberPage, pageLanguage } from "./member-shell.ts";

export const ACCESSIBILITY_PATH = "/tilgjengelighet";
const UUTILSYNET = "https://www.uutilsynet.no/";

interface StatementTexts {
  title: string;
  /** The title with a soft hyphen where the long compound may break on a narrow screen. */
  heading: string;
  intro: string;
  standardHeading: string;
  standard: string;
  testedHeading: string;
  tested: string[];
  limitsHeading: string;
  limits: string[];
  reportHeading: string;
  /** The sentence before the contact, and what to write. */
  report: (contact: Html) => Html;
  reportNoContact: (name: string) => string;
  complainHeading: string;
  complain: (link: Html) => Html;
  updated: string;
}

const TEXTS: Record<Lang, StatementTexts> = {
  nb: {
    title: "Tilgjengelighetserklæring",
    heading: "Tilgjengelighets\u00ADerklæring",
    intro: "Sidene du kommer til fra meldingene våre – avmelding, dine valg, påmelding til nyhetsbrev og oversikten over hva vi har sendt deg – skal kunne brukes av alle.",
    standardHeading: "Krav",
    standard: "Sidene skal oppfylle WCAG 2.1 på nivå AA, slik forskrift om universell utforming av informasjons- og kommunikasjonsteknologiske (IKT-)løsninger krever.",
    testedHeading: "Slik har vi testet",
    tested: [
      "Automatisk: axe-core i nettleseren Chromium på hver side, på bokmål, nynorsk og engelsk, i 320 og 1280 piksler bredde. Testen finner ingen brudd.",
      "For hånd: bruk med bare tastatur og synlig fokus, forstørring til 200 % uten at noe forsvinner, ledetekster og overskrifter, feilmeldinger knyttet til feltet de gjelder, og at hver side oppgir språket sitt.",
    ],
    limitsHeading: "Kjente begrensninger",
    limits: [
      "Vi kjenner ikke til brudd på kravene på disse sidene.",
      "Erklæringen gjelder sidene her, ikke e-postene, SMS-ene og brevene våre, og ikke personvernerklæringen, som ligger på nettstedet vårt.",
    ],
    reportHeading: "Si fra om feil",
    report: (contact) => html`Er det noe du ikke får til, eller noe som ikke virker for deg? Skriv til ${contact} og fortell hvilken side det gjelder og hva som var vanskelig.`,
    reportNoContact: (name) => `Er det noe du ikke får til, eller noe som ikke virker for deg? Ta kontakt med ${name} og fortell hvilken side det gjelder og hva som var vanskelig.`,
    complainHeading: "Klage",
    complain: (link) => html`Får du ikke svar, eller er du ikke fornøyd med svaret, kan du klage til Tilsynet for universell utforming av IKT (${link}).`,
    updated: "Erklæringen ble sist oppdatert 6. desember 2026.",
  },
  nn: {
    title: "Tilgjengelegheitserklæring",
    heading: "Tilgjengelegheits\u00ADerklæring",
    intro: "Sidene du kjem til frå meldingane våre – avmelding, vala dine, påmelding til nyheitsbrev og oversikta over kva vi har sendt deg – skal kunne brukast av alle.",
    standardHeading: "Krav",
    standard: "Sidene skal oppfylle WCAG 2.1 på nivå AA, slik forskrift om universell utforming av informasjons- og kommunikasjonsteknologiske (IKT-)løysingar krev.",
    testedHeading: "Slik har vi testa",
    tested: [
      "Automatisk: axe-core i nettlesaren Chromium på kvar side, på bokmål, nynorsk og engelsk, i 320 og 1280 pikslar breidd. Testen finn ingen brot.",
      "For hand: bruk med berre tastatur og synleg fokus, forstørring til 200 % utan at noko forsvinn, leietekstar og overskrifter, feilmeldingar knytte til feltet dei gjeld, og at kvar side oppgir språket sitt.",
    ],
    limitsHeading: "Kjende avgrensingar",
    limits: [
      "Vi kjenner ikkje til brot på krava på desse sidene.",
      "Erklæringa gjeld sidene her, ikkje e-postane, SMS-ane og breva våre, og ikkje personvernerklæringa, som ligg på nettstaden vår.",
    ],
    reportHeading: "Sei frå om feil",
    report: (contact) => html`Er det noko du ikkje får til, eller noko som ikkje verkar for deg? Skriv til ${contact} og fortel kva side det gjeld og kva som var vanskeleg.`,
    reportNoContact: (name) => `Er det noko du ikkje får til, eller noko som ikkje verkar for deg? Ta kontakt med ${name} og fortel kva side det gjeld og kva som var vanskeleg.`,
    complainHeading: "Klage",
    complain: (link) => html`Får du ikkje svar, eller er du ikkje nøgd med svaret, kan du klage til Tilsynet for universell utforming av IKT (${link}).`,
    updated: "Erklæringa vart sist oppdatert 6. desember 2026.",
  },
  en: {
    title: "Accessibility statement",
    heading: "Accessibility statement",
    intro: "The pages you reach from our messages – unsubscribing, your choices, newsletter subscriptions and the overview of what we have sent you – are meant to be usable by everyone.",
    standardHeading: "Standard",
    standard: "The pages are to meet WCAG 2.1 level AA, as the Norwegian regulation on universal design of ICT (forskrift om universell utforming av IKT-løsninger) requires.",
    testedHeading: "How we tested",
    tested: [
      "Automatically: axe-core in the Chromium browser on every page, in Bokmål, Nynorsk and English, at 320 and 1280 pixels wide. It finds no violations.",
      "By hand: use with the keyboard alone and visible focus, zoom to 200 % without losing anything, labels and headings, error messages tied to their field, and that every page states its language.",
    ],
    limitsHeading: "Known limitations",
    limits: [
      "We know of no failures to meet the requirements on these pages.",
      "This statement covers these pages, not our emails, text messages or letters, and not the privacy statement, which is on our website.",
    ],
    reportHeading: "Tell us about a problem",
    report: (contact) => html`Is there something you cannot do, or something that does not work for you? Write to ${contact} and tell us which page it was and what was difficult.`,
    reportNoContact: (name) => `Is there something you cannot do, or something that does not work for you? Contact ${name} and tell us which page it was and what was difficult.`,
    complainHeading: "Complaints",
    complain: (link) => html`If you get no answer, or are not satisfied with it, you can complain to the Norwegian Authority for Universal Design of ICT (${link}).`,
    updated: "This statement was last updated on 6 December 2026.",
  },
};

export function accessibilityStatement(lang: Lang, identity: OrganisationIdentity): { title: string; body: Html } {
  const t = TEXTS[lang];
  const email = identity.contactEmail;
  const report = email ? t.report(html`<a href="mailto:${email}">${email}</a>`) : html`${t.reportNoContact(identity.name)}`;
  const list = (items: string[]) => html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;
  return {
    title: t.title,
    body: html`<h1>${t.heading}</h1>
<p>${t.intro}</p>
<h2>${t.standardHeading}</h2>
<p>${t.standard}</p>
<h2>${t.testedHeading}</h2>
${list(t.tested)}
<h2>${t.limitsHeading}</h2>
${list(t.limits)}
<h2>${t.reportHeading}</h2>
<p>${report}</p>
<h2>${t.complainHeading}</h2>
<p>${t.complain(html`<a href="${UUTILSYNET}">uutilsynet.no</a>`)}</p>
<p>${t.updated}</p>`,
  };
}

/** Registers GET /tilgjengelighet (in the language the visitor chose, else bokmål). */
export function registerAccessibilityPage(app: FastifyInstance, deps: Pick<AppDeps, "db" | "config" | "clock">): void {
  app.get(ACCESSIBILITY_PATH, async (request, reply) => {
    const lang = pageLanguage(request);
    const identity = await shownIdentity(deps.db, deps.config);
    const { title, body } = accessibilityStatement(lang, identity);
    // The language comes from a cookie: no shared cache may keep one visitor's version.
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(memberPage(lang, title, body, { identity, here: ACCESSIBILITY_PATH }));
  });
}
