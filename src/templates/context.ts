// What a template can see about one recipient. Built in bulk by load-contexts.ts; the sample
// and worst-case contexts here serve previews and save-time checks.
import type { Language } from "./schema.ts";

export interface LetterAddress {
  /** The recipient's name as printed (full name). */
  name: string;
  /** Street line(s), then "postcode PLACE", then the country for addresses abroad. */
  lines: string[];
}

export interface RenderContext {
  member: { firstName: string; lastName: string; fullName: string; language: Language };
  employment: { employerName: string; workplace: string };
  geo: { municipalityName: string; countyName: string };
  campaign: { name: string };
  links: { unsubscribeUrl: string; preferencesUrl: string };
  /** Custom fields the campaign supplies; reachable in templates as `data.*`. */
  data: Record<string, unknown>;
  /** Needed for letters only. */
  address?: LetterAddress;
  // ── merge data: the member's cells of the CSV attached to the campaign (src/campaigns/merge-data.ts) ──
  /** `merge.<column>`; a campaign without merge data has none. Previews show placeholders. */
  merge?: Readonly<Record<string, string>>;
}

/**
 * A merge column's name as templates write it (`merge.ballot_url`): the file's header lowercased,
 * letters a–z, digits and `_`, starting with a letter, so it is a plain Handlebars path segment.
 */
export const MERGE_COLUMN_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Merge data is unknown at save time and in previews: every column reads as `value(column)`.
 * (Handlebars reads only own properties, so the proxy reports each name as one.)
 */
export function placeholderMerge(value: (column: string) => string): Readonly<Record<string, string>> {
  const read = (key: string | symbol) => (typeof key === "string" && MERGE_COLUMN_PATTERN.test(key) ? value(key) : undefined);
  return new Proxy({} as Record<string, string>, {
    get: (_target, key) => read(key),
    has: (_target, key) => read(key) !== undefined,
    getOwnPropertyDescriptor: (_target, key) => {
      const found = read(key);
      return found === undefined ? undefined : { value: found, enumerable: true, configurable: true, writable: false };
    },
  });
}

/** What a preview shows where a merge value will go. */
export const PREVIEW_MERGE = placeholderMerge((column) => `[${column}]`);
/** The worst-case SMS check's merge value: as long as a voting provider's per-member link. */
const WORST_CASE_MERGE = placeholderMerge(() => "https://stemmegivning.example.no/v/2026/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
// ── end merge data ──

/** The variables a template may use. `data.*` is open (any custom field). */
export const KNOWN_VARIABLES: ReadonlySet<string> = new Set([
  "member.firstName", "member.lastName", "member.fullName", "member.language",
  "employment.employerName", "employment.workplace",
  "geo.municipalityName", "geo.countyName",
  "campaign.name",
  "links.unsubscribeUrl", "links.preferencesUrl",
]);

/** A made-up member for previews: exercises Norwegian letters and a two-line address. */
export function sampleContext(options: {
  language: Language;
  campaignName: string;
  data: Record<string, unknown>;
  publicUrl: string;
}): RenderContext {
  const base = options.publicUrl.replace(/\/+$/, "");
  return {
    member: { firstName: "Kari Åse", lastName: "Bråten-Løkken", fullName: "Kari Åse Bråten-Løkken", language: options.language },
    employment: { employerName: "Skatteetaten", workplace: "Skatteoppkreving" },
    geo: { municipalityName: "Bærum", countyName: "Akershus" },
    campaign: { name: options.campaignName },
    links: { unsubscribeUrl: `${base}/u/PREVIEW`, preferencesUrl: `${base}/preferences/PREVIEW` },
    data: options.data,
    address: { name: "Kari Åse Bråten-Løkken", lines: ["Øvre Slottsgate 12 B", "1337 SANDVIKA"] },
    merge: PREVIEW_MERGE, // ── merge data ──
  };
}

/**
 * The longest plausible values, all in the GSM-7 alphabet, used to refuse SMS templates that
 * would exceed the segment limit for some member. Links are as long as real signed links.
 */
export function worstCaseContext(language: Language, data: Record<string, unknown>, unicodeNames = false): RenderContext {
  const first = unicodeNames ? "Łukasz-Żaneta Bogusława" : "Marie-Kristine Ingeborg";
  const last = unicodeNames ? "Wiśniewska-Kowalczyk Ćwikła" : "Aasen-Brækkestad Fjærlihaugen";
  const link = "https://budstikke.example.no/u/AQAAAAEAAQAAAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
  return {
    member: { firstName: first, lastName: last, fullName: `${first} ${last}`, language },
    employment: { employerName: "Arbeids- og velferdsetaten, Kontaktsenter Sør-Trøndelag", workplace: "Avdeling for ytelsesforvaltning" },
    geo: { municipalityName: "Nord-Aurdal og Sør-Aurdal", countyName: "Møre og Romsdal" },
    campaign: { name: "Hovedoppgjøret i staten 2026, uravstemning" },
    links: { unsubscribeUrl: link, preferencesUrl: link.replace("/u/", "/preferences/") },
    data,
    address: { name: `${first} ${last}`, lines: ["Kongens gate 123 B", "7011 TRONDHEIM"] },
    merge: WORST_CASE_MERGE, // ── merge data ──
  };
}
