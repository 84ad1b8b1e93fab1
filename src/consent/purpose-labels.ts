// What each purpose is called in a sentence, per language ("reservert deg mot tariffoppgjør og
// uravstemninger"): shared by the member pages and the "why you receive this" line of messages.
import type { Purpose } from "./purposes.ts";

export type LabelLanguage = "nb" | "nn" | "en";

export const PURPOSE_LABELS: Record<LabelLanguage, Record<Purpose, string>> = {
  nb: {
    service: "medlemsadministrasjon", bargaining: "tariffoppgjør og uravstemninger", information: "informasjon fra forbundet",
    campaign: "kampanjer og medlemsfordeler", survey: "medlemsundersøkelser", course: "kurs og arrangementer", newsletter: "nyhetsbrev",
  },
  nn: {
    service: "medlemsadministrasjon", bargaining: "tariffoppgjer og uravstemningar", information: "informasjon frå forbundet",
    campaign: "kampanjar og medlemsfordelar", survey: "medlemsundersøkingar", course: "kurs og arrangement", newsletter: "nyheitsbrev",
  },
  en: {
    service: "membership administration", bargaining: "pay settlements and ballots", information: "union information",
    campaign: "campaigns and member benefits", survey: "member surveys", course: "courses and events", newsletter: "newsletter",
  },
};
