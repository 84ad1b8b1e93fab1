// "Hva vi har sendt" on the member page: each message with its time in Oslo, the campaign, the
// channel and purpose, why the member got it and what the member had chosen then; the retention
// note; an empty state; and nothing fetched for a role without members.history.
import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { MemberHistory } from "../../../../../src/contracts/history.ts";
import { SessionProvider, useSession } from "../../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../../test/render.tsx";
import { sessionFor } from "../testSession.ts";
import { HistorySection } from "./HistorySection.tsx";

afterEach(() => vi.unstubAllGlobals());

const SLOW = { timeout: 10_000 };

const HISTORY: MemberHistory = {
  memberNumber: "1000018", retentionDays: 400, generatedAt: "2026-12-02T10:00:00.000Z",
  entries: [
    {
      deliveryId: "91", at: "2026-11-20T08:00:00.000Z", campaignId: 12, campaignName: "Tariffoppgjøret", channel: "email", purpose: "bargaining", status: "delivered",
      why: { audience: "segment", segmentName: "Aktive i staten", newsletterName: null, lawfulBasis: "membership", legalReference: "GDPR art. 6(1)(b) og 9(2)(d)" },
      consent: { choice: "not_applicable", since: null, source: null },
    },
    {
      deliveryId: "90", at: "2026-07-01T10:15:00.000Z", campaignId: 11, campaignName: "Medlemsfordeler", channel: "sms", purpose: "campaign", status: "sent",
      why: { audience: "rules", segmentName: null, newsletterName: null, lawfulBasis: "consent", legalReference: "GDPR art. 6(1)(a), markedsføringsloven § 15" },
      consent: { choice: "opted_in", since: "2026-01-10T09:00:00.000Z", source: "import" },
    },
    {
      deliveryId: "89", at: "2026-03-02T07:00:00.000Z", campaignId: 9, campaignName: "Tariffnytt uke 10", channel: "email", purpose: "newsletter", status: "sent",
      why: { audience: "newsletter", segmentName: null, newsletterName: "Tariffnytt", lawfulBasis: "consent", legalReference: "GDPR art. 6(1)(a)" },
      consent: { choice: "opted_in", since: "2026-02-01T12:00:00.000Z", source: "subscribe_form" },
    },
    {
      deliveryId: "88", at: "2026-02-15T09:00:00.000Z", campaignId: 8, campaignName: "Kurs i forhandling", channel: "letter", purpose: "course", status: "sent",
      why: { audience: "list", segmentName: null, newsletterName: null, lawfulBasis: "legitimate_interest", legalReference: "GDPR art. 6(1)(f) og 9(2)(d)" },
      consent: { choice: "no_choice", since: null, source: null },
    },
  ],
};

/** Shows once the session has arrived: the section beside it has rendered with that session too. */
function SessionArrived() {
  return useSession().session ? <p>session arrived</p> : null;
}

function renderSection(permissions: string[], answer: () => unknown) {
  const fetch = fakeFetch({ "GET /api/v1/auth/me": () => sessionFor("communicator", permissions), "GET /api/v1/members/1000018/history": answer });
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(
    <SessionProvider>
      <Routes>
        <Route path="/members/:number" element={<><SessionArrived /><HistorySection memberNumber="1000018" /></>} />
      </Routes>
    </SessionProvider>,
    { path: "/members/1000018" },
  );
  return fetch;
}

const rowTexts = (table: HTMLElement) => within(table).getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell").map((cell) => cell.textContent));

describe("HistorySection", { timeout: 30_000 }, () => {
  it("lists what was sent, why, and the member's choice at the time, with the retention note", async () => {
    renderSection(["members.read", "members.history"], () => HISTORY);
    const table = await screen.findByRole("table", { name: "Meldinger sendt til medlemmet, med grunnlag" }, SLOW);
    expect(screen.getByRole("heading", { level: 2, name: "Hva vi har sendt" })).toBeTruthy();
    expect(within(table).getAllByRole("columnheader").map((th) => th.textContent)).toEqual(["Tidspunkt", "Kampanje", "Kanal", "Formål", "Hvorfor", "Samtykke da"]);
    expect(rowTexts(table)).toEqual([
      ["20. nov. 2026, 09:00 CET", "Tariffoppgjøret", "E-post", "Tariffoppgjør", "Segment: Aktive i statenMedlemsforholdetGDPR art. 6(1)(b) og 9(2)(d)", "Gjelder ikke"],
      // Summer time: Oslo is UTC+2.
      ["1. juli 2026, 12:15 CEST", "Medlemsfordeler", "SMS", "Kampanje", "ReglerSamtykkeGDPR art. 6(1)(a), markedsføringsloven § 15", "Samtykkesiden 10. jan. 2026 · Import"],
      ["2. mars 2026, 08:00 CET", "Tariffnytt uke 10", "E-post", "Nyhetsbrev", "Nyhetsbrev: TariffnyttSamtykkeGDPR art. 6(1)(a)", "Samtykkesiden 1. feb. 2026 · Påmeldingsskjema"],
      ["15. feb. 2026, 10:00 CET", "Kurs i forhandling", "Brev", "Kurs", "Opplastet listeBerettiget interesseGDPR art. 6(1)(f) og 9(2)(d)", "Ikke valgt"],
    ]);
    expect(within(table).getByRole("link", { name: "Tariffoppgjøret" }).getAttribute("href")).toBe("/campaigns/12");
    expect(screen.getByText("Meldinger eldre enn 400 dager er slettet etter lagringstiden.")).toBeTruthy();
  });

  it("says so when nothing was sent within the retention period", async () => {
    renderSection(["members.read", "members.history"], () => ({ ...HISTORY, retentionDays: 30, entries: [] }));
    expect(await screen.findByText("Vi har ikke sendt medlemmet noe innenfor lagringstiden.", undefined, SLOW)).toBeTruthy();
    expect(screen.getByText("Meldinger eldre enn 30 dager er slettet etter lagringstiden.")).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });

  it("fetches nothing and shows nothing for a role without members.history", async () => {
    const fetch = renderSection(["members.read"], () => HISTORY);
    // Rendered with the session in the same commit: a query enabled by mistake would have called fetch by now.
    expect(await screen.findByText("session arrived", undefined, SLOW)).toBeTruthy();
    expect(fetch.calls.map((c) => c.key)).not.toContain("GET /api/v1/members/1000018/history");
    expect(screen.queryByRole("heading", { name: "Hva vi har sendt" })).toBeNull();
  });
});
