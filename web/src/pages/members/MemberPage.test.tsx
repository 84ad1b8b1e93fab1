import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Route, Routes } from "react-router";
import type { MemberDetail } from "../../../../src/contracts/members.ts";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import MemberPage from "./MemberPage.tsx";
import { sessionFor } from "./testSession.ts";

afterEach(() => vi.unstubAllGlobals());

/** findBy* waits this long: rendering Mantine in jsdom takes seconds on a busy machine. */
const SLOW = { timeout: 10_000 };

const MEMBER: MemberDetail = {
  memberNumber: "1000018", firstName: "Kari", lastName: "Nordmann", birthDate: "1980-05-05", language: "nb", status: "active",
  joinedOn: "2010-01-15", branch: "oslo-1",
  municipality: { number: "0301", name: "Oslo" }, county: { number: "03", name: "Oslo" },
  contact: {
    email: { address: "kari.nordmann@example.no", state: "valid", invalidAt: null },
    mobile: { number: "+4791234567", state: "invalid", invalidAt: "2026-11-20T08:00:00.000Z" },
    address: { line: "Storgata 1", postcode: "0150", city: "OSLO", country: "NO", state: "valid", invalidAt: null },
  },
  employments: [{ isPrimary: true, employerOrgNumber: "974760673", employerName: "Skatteetaten", sector: "state", agreement: "Hovedtariffavtalen", workplace: "Oslo", position: "Rådgiver" }],
  consent: {
    history: [
      { id: "1", purpose: "campaign", channel: "email", newsletterId: null, action: "opt_in", source: "import", actor: "system:import", at: "2026-01-10T09:00:00.000Z", basis: "samtykke v2", campaignId: null },
      { id: "2", purpose: "campaign", channel: "sms", newsletterId: null, action: "opt_out", source: "sms_stop", actor: "member", at: "2026-11-20T08:00:00.000Z", basis: null, campaignId: 12 },
      { id: "3", purpose: "all", channel: "all", newsletterId: null, action: "objection", source: "staff", actor: "user:3", at: "2026-11-21T10:30:00.000Z", basis: "telefon", campaignId: null },
    ],
    current: [
      { purpose: "campaign", channel: "email", newsletterId: null, action: "opt_in", at: "2026-01-10T09:00:00.000Z" },
      { purpose: "campaign", channel: "sms", newsletterId: null, action: "opt_out", at: "2026-11-20T08:00:00.000Z" },
      { purpose: "all", channel: "all", newsletterId: null, action: "objection", at: "2026-11-21T10:30:00.000Z" },
    ],
  },
  suppressions: [{ channel: "email", reason: "hard_bounce", source: "postmark", at: "2026-11-20T08:00:00.000Z" }],
  deliveries: [
    { campaignId: 12, campaignName: "Tariffoppgjøret", channel: "email", status: "failed", reason: "hard_bounce", attempts: 1, createdAt: "2026-11-19T08:00:00.000Z", sentAt: null, deliveredAt: null, failedAt: "2026-11-20T08:00:00.000Z" },
    { campaignId: 11, campaignName: "Kurs i forhandling", channel: "sms", status: "skipped", reason: "opted_out_channel", attempts: 0, createdAt: "2026-11-18T08:00:00.000Z", sentAt: null, deliveredAt: null, failedAt: null },
  ],
  createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-11-21T10:30:00.000Z",
};

function renderMember(role: "communicator" | "admin", permissions: string[], answer: () => unknown) {
  vi.stubGlobal("fetch", fakeFetch({
    "GET /api/v1/auth/me": () => sessionFor(role, permissions),
    "GET /api/v1/members/1000018": answer,
    "GET /api/v1/users": () => ({ items: [{ ...sessionFor("admin", []).user, id: 3, name: "Siri Saksbehandler" }] }),
  }));
  renderWithProviders(
    <SessionProvider>
      <Routes>
        <Route path="/members/:number" element={<MemberPage />} />
      </Routes>
    </SessionProvider>,
    { path: "/members/1000018" },
  );
}

const rowTexts = (table: HTMLElement) => within(table).getAllByRole("row").slice(1).map((row) => within(row).getAllByRole("cell").map((cell) => cell.textContent));

describe("MemberPage", { timeout: 30_000 }, () => {
  it("shows the consent history from the ledger, newest first, in Norwegian", async () => {
    renderMember("communicator", ["members.read"], () => MEMBER);
    expect(await screen.findByRole("heading", { level: 2, name: "Samtykkehistorikk" }, SLOW)).toBeTruthy();
    const history = screen.getByRole("table", { name: "Hendelser i samtykkeloggen" });
    expect(rowTexts(history)).toEqual([
      ["21. nov. 2026, 11:30 CET", "Alle formål · Alle kanaler", "Protest", "Ansatt", "Ansatt: bruker 3", "telefon"],
      ["20. nov. 2026, 09:00 CET", "Kampanje · SMS", "Reservasjon", "SMS STOPP (kampanje 12)", "Medlemmet selv", "–"],
      ["10. jan. 2026, 10:00 CET", "Kampanje · E-post", "Samtykke", "Import", "System (import)", "samtykke v2"],
    ]);
    expect(within(history).getByRole("link", { name: "kampanje 12" }).getAttribute("href")).toBe("/campaigns/12");
    const current = screen.getByRole("table", { name: "Gjeldende valg per formål og kanal" });
    expect(rowTexts(current).map((row) => row.slice(0, 2))).toEqual([
      ["Kampanje · E-post", "Samtykke"], ["Kampanje · SMS", "Reservasjon"], ["Alle formål · Alle kanaler", "Protest"],
    ]);
    for (const heading of ["Kontaktinformasjon", "Arbeidsforhold", "Sperringer", "Utsendelser"]) {
      expect(screen.getByRole("heading", { level: 2, name: heading })).toBeTruthy();
    }
    expect(screen.getByText("ugyldig siden 20. nov. 2026")).toBeTruthy();
    const deliveries = screen.getByRole("table", { name: "Utsendelser til medlemmet" });
    expect(rowTexts(deliveries).map((row) => row.slice(0, 5))).toEqual([
      ["Tariffoppgjøret", "E-post", "Feilet", "Permanent retur", "1"],
      ["Kurs i forhandling", "SMS", "Hoppet over", "Reservert mot kanalen", "0"],
    ]);
    // Only admins get the GDPR actions.
    expect(screen.queryByRole("button", { name: "Slett medlem" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Eksporter data (innsyn)" })).toBeNull();
  });

  it("names staff who recorded consent and offers admins export and erasure", async () => {
    renderMember("admin", ["members.read", "members.export", "members.erase", "users.manage"], () => MEMBER);
    expect(await screen.findByRole("button", { name: "Slett medlem" }, SLOW)).toBeTruthy();
    expect(screen.getByRole("button", { name: "Eksporter data (innsyn)" })).toBeTruthy();
    await waitFor(() => expect(screen.getByText("Ansatt: Siri Saksbehandler")).toBeTruthy(), SLOW);
  });

  it("says plainly when the member is not found or out of reach", async () => {
    renderMember("communicator", ["members.read"], () =>
      new Response(JSON.stringify({ type: "about:blank", title: "Not Found", status: 404, kind: "not_found", issues: [] }), {
        status: 404, headers: { "content-type": "application/problem+json" },
      }));
    const alert = await screen.findByRole("alert", undefined, SLOW);
    expect(alert.textContent).toContain("Fant ikke medlemmet (eller du har ikke tilgang)");
  });
});
