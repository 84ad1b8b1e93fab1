// The pure parts of the member's history: the ledger replayed at a message's instant, the lawful
// basis per purpose, the CSV (Oslo time with its offset, labels in the member's language, no
// formulas), and the link message. No database.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { PURPOSES, type ConsentAction } from "../../src/consent/purposes.ts";
import type { HistoryEntry, MemberHistory } from "../../src/contracts/history.ts";
import { consentThen, type LedgerEvent } from "../../src/history/consent-then.ts";
import { historyCsv, historyJson, osloIso, plainCell } from "../../src/history/export.ts";
import { lawfulBasisOf } from "../../src/history/lawful-basis.ts";
import { historyLinkMessage } from "../../src/history/link-message.ts";
import { HISTORY_TEXTS } from "../../src/history/texts.ts";
import { historyPage } from "../../src/history/views.ts";

let serial = 0n;
function event(at: string, purpose: string, channel: string, action: ConsentAction, extra: Partial<LedgerEvent> = {}): LedgerEvent {
  return { id: ++serial, purpose, channel, newsletterId: null, action, source: "preference_centre", at: new Date(at), ...extra };
}
const message = (at: string, purpose = "campaign", channel = "email", newsletterId: number | null = null) => ({ at: new Date(at), purpose, channel, newsletterId });

describe("when the ledger is replayed at a message's instant", () => {
  it("should count only events at or before the message, by their own time and not the order they arrived in", () => {
    const late = event("2026-12-01T10:00:00Z", "campaign", "email", "opt_out", { source: "import" });
    const events = [event("2026-12-01T12:00:00Z", "campaign", "email", "opt_in"), late];
    expect(consentThen(events, message("2026-12-01T09:59:59Z"))).toEqual({ choice: "no_choice", since: null, source: null });
    expect(consentThen(events, message("2026-12-01T10:00:00Z"))).toEqual({ choice: "opted_out", since: "2026-12-01T10:00:00.000Z", source: "import" });
    expect(consentThen(events, message("2026-12-01T12:00:00Z"))).toEqual({ choice: "opted_in", since: "2026-12-01T12:00:00.000Z", source: "preference_centre" });
  });

  it("should let the later event of two at the same instant win, as the state table does", () => {
    const first = event("2026-12-01T10:00:00Z", "campaign", "email", "opt_out");
    const second = event("2026-12-01T10:00:00Z", "campaign", "email", "opt_in");
    expect(consentThen([second, first], message("2026-12-02T00:00:00Z")).choice).toBe("opted_in");
  });

  it("should apply scopes naming all purposes or all channels, and not other channels' or purposes' choices", () => {
    const events = [event("2026-12-01T10:00:00Z", "all", "sms", "opt_out"), event("2026-12-01T10:00:00Z", "course", "all", "opt_out")];
    expect(consentThen(events, message("2026-12-02T00:00:00Z", "campaign", "sms")).choice).toBe("opted_out");
    expect(consentThen(events, message("2026-12-02T00:00:00Z", "course", "email")).choice).toBe("opted_out");
    expect(consentThen(events, message("2026-12-02T00:00:00Z", "campaign", "email")).choice).toBe("no_choice");
  });

  it("should keep a refusal of one scope although another applicable scope says yes later (as the send decision does)", () => {
    const events = [event("2026-12-01T10:00:00Z", "campaign", "email", "opt_out"), event("2026-12-01T11:00:00Z", "all", "email", "opt_in")];
    expect(consentThen(events, message("2026-12-02T00:00:00Z"))).toMatchObject({ choice: "opted_out", since: "2026-12-01T10:00:00.000Z" });
  });

  it("should show an objection for every purpose but service, until it is lifted", () => {
    const objection = event("2026-12-01T10:00:00Z", "all", "all", "objection");
    const lifted = event("2026-12-03T10:00:00Z", "all", "all", "opt_in");
    for (const purpose of PURPOSES.filter((p) => p !== "service")) {
      expect(consentThen([objection, lifted], message("2026-12-02T00:00:00Z", purpose, "letter", 1)).choice, purpose).toBe("objected");
      expect(consentThen([objection, lifted], message("2026-12-04T00:00:00Z", purpose, "letter", 1)).choice, purpose).toBe("opted_in");
    }
    expect(consentThen([objection], message("2026-12-02T00:00:00Z", "service", "email"))).toEqual({ choice: "not_applicable", since: null, source: null });
  });

  it("should read a newsletter's own subscription, not another newsletter's", () => {
    const events = [event("2026-12-01T10:00:00Z", "newsletter", "all", "opt_in", { newsletterId: 7 }), event("2026-12-01T11:00:00Z", "newsletter", "all", "withdrawal", { newsletterId: 8 })];
    expect(consentThen(events, message("2026-12-02T00:00:00Z", "newsletter", "email", 7)).choice).toBe("opted_in");
    expect(consentThen(events, message("2026-12-02T00:00:00Z", "newsletter", "email", 8)).choice).toBe("opted_out");
  });
});

describe("when a purpose's lawful basis is asked for", () => {
  it("should give membership for service, consent for newsletters and legitimate interest for the rest", () => {
    expect(lawfulBasisOf("service")).toMatchObject({ basis: "membership", legalReference: "GDPR art. 6(1)(b) and 9(2)(d)" });
    expect(lawfulBasisOf("newsletter")).toMatchObject({ basis: "consent", legalReference: "GDPR art. 6(1)(a) and 9(2)(a)" });
    for (const purpose of ["bargaining", "information", "survey", "course", "campaign"] as const) {
      expect(lawfulBasisOf(purpose)).toMatchObject({ basis: "legitimate_interest", legalReference: "GDPR art. 6(1)(f) and 9(2)(d)" });
    }
    expect(lawfulBasisOf("campaign").explanation.nb).toContain("markedsføringsloven § 15");
    for (const purpose of PURPOSES) for (const lang of ["nb", "nn", "en"] as const) expect(lawfulBasisOf(purpose).explanation[lang].length).toBeGreaterThan(40);
  });
});

const ENTRY: HistoryEntry = {
  deliveryId: "41", at: "2026-07-06T12:00:00.000Z", campaignId: 3, campaignName: "=HYPERLINK(\"https://evil.example\")", channel: "sms", purpose: "campaign", status: "bounced",
  why: { audience: "segment", segmentName: "Aktive i Oslo", newsletterName: null, lawfulBasis: "legitimate_interest", legalReference: "GDPR art. 6(1)(f) and 9(2)(d)" },
  consent: { choice: "opted_in", since: "2026-01-10T08:30:00.000Z", source: "preference_centre" },
};
const HISTORY: MemberHistory = { memberNumber: "M1", retentionDays: 400, generatedAt: "2026-12-01T10:00:00.000Z", entries: [ENTRY] };

describe("when the history is downloaded", () => {
  it("should write Oslo time with the offset of the day, summer and winter", () => {
    expect(osloIso("2026-07-06T12:00:00.000Z")).toBe("2026-07-06T14:00:00+02:00");
    expect(osloIso("2026-12-31T23:30:00.000Z")).toBe("2027-01-01T00:30:00+01:00");
    // The autumn's repeated hour is told apart by its offset.
    expect(osloIso("2026-10-25T00:30:00.000Z")).toBe("2026-10-25T02:30:00+02:00");
    expect(osloIso("2026-10-25T01:30:00.000Z")).toBe("2026-10-25T02:30:00+01:00");
  });

  it("should write the CSV's columns with labels in the member's language, and no cell a spreadsheet runs as a formula", () => {
    const [row] = parse(historyCsv(HISTORY, HISTORY_TEXTS.nn), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(row).toEqual({
      at_oslo: "2026-07-06T14:00:00+02:00",
      campaign: "'=HYPERLINK(\"https://evil.example\")",
      channel: "SMS",
      purpose: "kampanjar og medlemsfordelar",
      status: "kom i retur",
      why: "Du var med i utvalet «Aktive i Oslo».",
      lawful_basis: "Berettiga interesse (GDPR art. 6(1)(f) and 9(2)(d))",
      consent_at_the_time: "Ja, sidan 10. januar 2026 kl. 09:30 (Vala dine)",
    });
    expect(historyCsv(HISTORY, HISTORY_TEXTS.en)).toContain("\"Yes, since 10 January 2026 at 09:30 (Your choices)\"");
    expect(plainCell("-1")).toBe("'-1");
    expect(plainCell("Kurs")).toBe("Kurs");
  });

  it("should write the JSON as the contract's MemberHistory", () => {
    expect(JSON.parse(historyJson(HISTORY))).toEqual(HISTORY);
  });
});

describe("when the page is rendered", () => {
  it("should escape what staff typed and explain each basis once", () => {
    const page = historyPage(HISTORY_TEXTS.en, "en", { ...HISTORY, entries: [{ ...ENTRY, campaignName: "<script>x</script>" }, ENTRY] }, { csv: "/c", json: "/j", expiresAt: new Date("2026-12-02T10:00:00Z") }).html;
    expect(page).not.toContain("<script>");
    expect(page).toContain("&lt;script&gt;");
    expect(page.match(/<dt>Legitimate interest<\/dt>/g)).toHaveLength(1);
    expect(page).toContain("The link to this page works until 2 December 2026 at 11:00.");
  });

  it("should say so when nothing was sent", () => {
    const page = historyPage(HISTORY_TEXTS.nb, "nb", { ...HISTORY, entries: [] }, { csv: "/c", json: "/j", expiresAt: new Date() }).html;
    expect(page).toContain("Vi har ikke sendt deg noen meldinger i denne perioden.");
    expect(page).not.toContain("<ol");
  });
});

describe("when the link message is written", () => {
  it("should say in each language that it works for 24 hours and can be ignored, with the link in every form", () => {
    const url = "https://budstikke.example.no/history/abc";
    for (const lang of ["nb", "nn", "en"] as const) {
      const m = historyLinkMessage(lang, "Kari & Co", url);
      const email = m.lines.map((l) => (typeof l === "string" ? l : l.url)).join("\n");
      for (const text of [email, m.sms]) expect(text).toContain(url);
      expect(m.lines).toContainEqual({ url });
      expect(email).toMatch(/24 (timer|timar|hours)/);
      expect(m.sms).toMatch(/24 (timer|timar|hours)/);
      expect(email).toMatch(/se bort|sjå bort|ignore/);
      expect(email).toContain("Kari & Co"); // escaped by the layout (system-mail.ts), not here
    }
  });
});
