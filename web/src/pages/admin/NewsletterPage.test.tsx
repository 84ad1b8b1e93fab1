// The newsletter page says when the latest schedule slot sent nothing and why, lists issues with
// their status, and prepares an issue through the API; the overview's line names the skipped newsletter.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import NewsletterPage from "./NewsletterPage.tsx";
import { NewsletterSkippedSlots } from "./NewsletterSkippedSlots.tsx";
import { ADMIN_SESSION } from "./parts/fixtures.ts";

afterEach(() => vi.unstubAllGlobals());

const SKIP = { newsletterId: 4, newsletterName: "Tariffnytt", slotAt: "2026-12-14T07:00:00.000Z", reason: "no_prepared_issue" };
const NEWSLETTER = {
  id: 4, slug: "tariffnytt", name: "Tariffnytt", createdAt: "2026-12-01T10:00:00.000Z", templateId: 2, senderName: "NTL", scheduleCron: "0 8 * * 1",
  timezone: "Europe/Oslo", segmentId: null, nextSlotAt: "2026-12-21T07:00:00.000Z", subscribers: 120, pendingConfirmations: 3, preparedIssues: 0, lastSkippedSlot: SKIP,
};
const SKIPPED_ROW = {
  id: 11, newsletterId: 4, subject: "", content: "", status: "skipped", slotAt: SKIP.slotAt, campaignId: null, reason: "no_prepared_issue",
  createdBy: null, createdAt: SKIP.slotAt, updatedAt: SKIP.slotAt,
};
const SESSION = { ...ADMIN_SESSION, permissions: [...ADMIN_SESSION.permissions, "newsletters.read", "newsletters.write", "newsletters.issues"] };

describe("when a newsletter's latest slot was skipped", () => {
  it("should say so with the reason on its page, and prepare an issue", async () => {
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": () => SESSION,
      "GET /api/v1/newsletters/4": () => NEWSLETTER,
      "GET /api/v1/newsletters/4/issues": () => ({ items: [SKIPPED_ROW] }),
      "GET /api/v1/templates": () => ({ items: [], nextCursor: null }),
      "GET /api/v1/segments": () => ({ items: [], nextCursor: null }),
      "POST /api/v1/newsletters/4/issues": (body) => new Response(JSON.stringify({ ...SKIPPED_ROW, id: 12, status: "prepared", ...(body as object) }), { status: 201, headers: { "content-type": "application/json" } }),
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(
      <SessionProvider>
        <Routes><Route path="/newsletters/:id" element={<NewsletterPage />} /></Routes>
      </SessionProvider>,
      { path: "/newsletters/4" },
    );
    expect(await screen.findByText(/ble hoppet over: Ingen utgave var klar\./)).toBeTruthy();
    const issues = await screen.findByRole("table", { name: "Utgaver" });
    expect(within(issues).getByText("Hoppet over")).toBeTruthy();

    await userEvent.click(screen.getByLabelText(/^Emne/));
    await userEvent.paste("Nytt fra oppgjøret");
    await userEvent.click(screen.getByLabelText(/^Innhold/));
    await userEvent.paste("Første avsnitt.");
    await userEvent.click(screen.getByRole("button", { name: "Legg klar" }));
    await waitFor(() => expect(fetch.calls.filter((c) => c.key === "POST /api/v1/newsletters/4/issues").map((c) => c.body)).toEqual([{ subject: "Nytt fra oppgjøret", content: "Første avsnitt." }]));
  });

  it("should name it on the overview with a link to its page", async () => {
    vi.stubGlobal("fetch", fakeFetch({ "GET /api/v1/auth/me": () => SESSION, "GET /api/v1/newsletters/skipped-slots": () => ({ items: [SKIP] }) }));
    renderWithProviders(<SessionProvider><NewsletterSkippedSlots /></SessionProvider>);
    const link = await screen.findByRole("link", { name: "Tariffnytt" });
    expect(link.getAttribute("href")).toBe("/newsletters/4");
    expect(link.parentElement!.textContent).toContain("Ingen utgave var klar");
  });
});
