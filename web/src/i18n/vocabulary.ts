// Names of the closed vocabularies (campaign states, purposes, channels, delivery statuses,
// skip reasons, roles, ...) in both languages, so every screen says them the same way.
// Unknown values (a newer server) fall back to the value itself. The vocabularies the API
// closes (its enums) are labelled exhaustively: a value added to the contracts does not compile
// here until it has a label, so no screen shows a raw `soft_bounce`.
import { useMemo } from "react";
import type { SuppressionSchema } from "../../../src/contracts/admin.ts";
import type { RoleSchema } from "../../../src/contracts/auth.ts";
import type { ApprovalReason, CampaignView, DeliverySchema } from "../../../src/contracts/campaigns.ts";
import type { HistoryEntry, LawfulBasis } from "../../../src/contracts/history.ts";
import type { MemberDetail } from "../../../src/contracts/members.ts";
import type { NewsletterIssueView, NewsletterSkipReason } from "../../../src/contracts/newsletters.ts";
import type { z } from "zod";
import { useLanguage, type Language } from "./language.tsx";

type Table = Record<string, string>;
/** One label for each value of a closed vocabulary, no more, no fewer. */
type LabelsOf<V extends string> = Record<V, string>;
type ConsentEvent = MemberDetail["consent"]["history"][number];
type Sector = NonNullable<MemberDetail["employments"][number]["sector"]>;

const nb = {
  state: {
    draft: "Utkast", awaiting_approval: "Venter på godkjenning", approved: "Godkjent", needs_reapproval: "Må godkjennes på nytt",
    scheduled: "Planlagt", launching: "Starter", sending: "Sender", paused: "Pauset", completed: "Fullført", cancelled: "Avbrutt",
  } satisfies LabelsOf<CampaignView["state"]>,
  purpose: {
    service: "Tjenestemelding", bargaining: "Tariffoppgjør", information: "Forbundsinformasjon", campaign: "Kampanje",
    survey: "Undersøkelse", course: "Kurs", newsletter: "Nyhetsbrev",
  } satisfies LabelsOf<CampaignView["purpose"]>,
  channel: { email: "E-post", sms: "SMS", letter: "Brev", all: "Alle kanaler" } satisfies LabelsOf<CampaignView["channels"][number] | "all">,
  deliveryStatus: {
    pending: "Venter", sending: "Sendes", sent: "Sendt", delivered: "Levert", failed: "Feilet", bounced: "Returnert", skipped: "Hoppet over", cancelled: "Avbrutt", rendered: "Til trykk",
  } satisfies LabelsOf<z.infer<typeof DeliverySchema>["status"]>,
  skipReason: {
    member_not_found: "Medlemmet finnes ikke", erased: "Slettet", resigned: "Utmeldt", objection: "Har protestert",
    opted_out_purpose: "Reservert mot formålet", opted_out_channel: "Reservert mot kanalen", not_subscribed: "Abonnerer ikke",
    no_address: "Mangler adresse", address_invalid: "Ugyldig adresse", suppressed: "Sperret adresse", outside_scope: "Utenfor tilgang",
    no_merge_data: "Mangler flettedata", // ── merge data ──
  },
  role: { admin: "Administrator", communicator: "Kommunikasjon", approver: "Godkjenner", viewer: "Lesetilgang", steward: "Tillitsvalgt" } satisfies LabelsOf<z.infer<typeof RoleSchema>>,
  memberStatus: {
    active: "Aktiv", student: "Student", apprentice: "Lærling", retired: "Pensjonist", unemployed: "Arbeidsledig", honorary: "Æresmedlem", resigned: "Utmeldt",
  } satisfies LabelsOf<MemberDetail["status"]>,
  sector: { state: "Staten", spekter: "Spekter", virke: "Virke", nho: "NHO", other: "Annet" } satisfies LabelsOf<Sector>,
  consentAction: { opt_in: "Samtykke", opt_out: "Reservasjon", objection: "Protest", withdrawal: "Trukket tilbake" } satisfies LabelsOf<ConsentEvent["action"]>,
  consentSource: {
    unsubscribe_link: "Avmeldingslenke", one_click: "Ett-klikks avmelding", preference_centre: "Innstillingssiden", sms_stop: "SMS STOPP",
    staff: "Ansatt", import: "Import", complaint: "Spamklage", mailto: "Avmelding per e-post",
    subscribe_form: "Påmeldingsskjema",
  } satisfies LabelsOf<ConsentEvent["source"]>,
  // Newsletters: the state of an issue and why a schedule slot sent nothing.
  newsletterIssueStatus: { prepared: "Klar", sent: "Sendt", skipped: "Hoppet over", cancelled: "Avbrutt" } satisfies LabelsOf<NewsletterIssueView["status"]>,
  newsletterSkipReason: {
    no_prepared_issue: "Ingen utgave var klar", no_template: "Nyhetsbrevet har ingen mal",
  } satisfies LabelsOf<NewsletterSkipReason>,
  suppressionReason: {
    hard_bounce: "Permanent retur", soft_bounce: "Gjentatte midlertidige feil", complaint: "Spamklage", invalid: "Ugyldig", sms_stop: "SMS STOPP", manual: "Manuelt",
  } satisfies LabelsOf<z.infer<typeof SuppressionSchema>["reason"]>,
  approvalReason: {
    threshold: "Mange mottakere", bargaining: "Tariffoppgjør", steward: "Opprettet av tillitsvalgt", requested: "Forfatteren ba om det",
  } satisfies LabelsOf<ApprovalReason>,
  language: { nb: "Bokmål", nn: "Nynorsk", en: "Engelsk" } satisfies LabelsOf<MemberDetail["language"]>,
  // A member's history (art. 15): why a message was sent and what the member had chosen then.
  lawfulBasis: { membership: "Medlemsforholdet", legitimate_interest: "Berettiget interesse", consent: "Samtykke" } satisfies LabelsOf<LawfulBasis>,
  historyAudience: { segment: "Segment", rules: "Regler", list: "Opplastet liste", newsletter: "Nyhetsbrev" } satisfies LabelsOf<HistoryEntry["why"]["audience"]>,
  consentChoice: {
    not_applicable: "Gjelder ikke", no_choice: "Ikke valgt", opted_in: "Samtykke", opted_out: "Reservasjon", objected: "Protest",
  } satisfies LabelsOf<HistoryEntry["consent"]["choice"]>,
} satisfies Record<string, Table>;

const en: typeof nb = {
  state: {
    draft: "Draft", awaiting_approval: "Awaiting approval", approved: "Approved", needs_reapproval: "Needs re-approval",
    scheduled: "Scheduled", launching: "Launching", sending: "Sending", paused: "Paused", completed: "Completed", cancelled: "Cancelled",
  },
  purpose: {
    service: "Service message", bargaining: "Collective bargaining", information: "Union information", campaign: "Campaign",
    survey: "Survey", course: "Course", newsletter: "Newsletter",
  },
  channel: { email: "Email", sms: "SMS", letter: "Letter", all: "All channels" },
  deliveryStatus: {
    pending: "Pending", sending: "Sending", sent: "Sent", delivered: "Delivered", failed: "Failed", bounced: "Bounced", skipped: "Skipped", cancelled: "Cancelled", rendered: "Awaiting print",
  },
  skipReason: {
    member_not_found: "Member not found", erased: "Erased", resigned: "Resigned", objection: "Objected",
    opted_out_purpose: "Opted out of the purpose", opted_out_channel: "Opted out of the channel", not_subscribed: "Not subscribed",
    no_address: "No address", address_invalid: "Invalid address", suppressed: "Suppressed address", outside_scope: "Outside scope",
    no_merge_data: "No merge data", // ── merge data ──
  },
  role: { admin: "Administrator", communicator: "Communications", approver: "Approver", viewer: "Read only", steward: "Shop steward" },
  memberStatus: {
    active: "Active", student: "Student", apprentice: "Apprentice", retired: "Retired", unemployed: "Unemployed", honorary: "Honorary", resigned: "Resigned",
  },
  sector: { state: "State", spekter: "Spekter", virke: "Virke", nho: "NHO", other: "Other" },
  consentAction: { opt_in: "Opt-in", opt_out: "Opt-out", objection: "Objection", withdrawal: "Withdrawn" },
  consentSource: {
    unsubscribe_link: "Unsubscribe link", one_click: "One-click unsubscribe", preference_centre: "Preference centre", sms_stop: "SMS STOP",
    staff: "Staff", import: "Import", complaint: "Spam complaint", mailto: "Unsubscribed by email",
    subscribe_form: "Subscribe form",
  },
  newsletterIssueStatus: { prepared: "Prepared", sent: "Sent", skipped: "Skipped", cancelled: "Cancelled" },
  newsletterSkipReason: { no_prepared_issue: "No issue was prepared", no_template: "The newsletter has no template" },
  suppressionReason: {
    hard_bounce: "Hard bounce", soft_bounce: "Repeated soft bounces", complaint: "Spam complaint", invalid: "Invalid", sms_stop: "SMS STOP", manual: "Manual",
  },
  approvalReason: {
    threshold: "Many recipients", bargaining: "Collective bargaining", steward: "Created by a shop steward", requested: "The author asked",
  },
  language: { nb: "Bokmål", nn: "Nynorsk", en: "English" },
  lawfulBasis: { membership: "Membership", legitimate_interest: "Legitimate interest", consent: "Consent" },
  historyAudience: { segment: "Segment", rules: "Rules", list: "Uploaded list", newsletter: "Newsletter" },
  consentChoice: { not_applicable: "Not applicable", no_choice: "No choice made", opted_in: "Opted in", opted_out: "Opted out", objected: "Objected" },
};

export type Vocabulary = keyof typeof nb;
const tables: Record<Language, typeof nb> = { nb, en };

/** `label("state", "sending")` → "Sender"; `options("purpose")` → [{value, label}] for selects. */
export function useVocabulary() {
  const { language } = useLanguage();
  return useMemo(() => {
    const table = tables[language];
    const label = (vocabulary: Vocabulary, value: string | null | undefined): string =>
      value == null ? "–" : ((table[vocabulary] as Table)[value] ?? value);
    const options = (vocabulary: Vocabulary, only?: readonly string[]) =>
      (only ?? Object.keys(table[vocabulary])).map((value) => ({ value, label: label(vocabulary, value) }));
    return { label, options };
  }, [language]);
}
