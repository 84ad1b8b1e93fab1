import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../../test/render.tsx";
import TokensPage from "../TokensPage.tsx";
import { ADMIN, ADMIN_SESSION, apiToken, VIEWER } from "./fixtures.ts";

afterEach(() => vi.unstubAllGlobals());

describe("TokensPage", () => {
  it("asks before revoking a token, and only then sends DELETE", async () => {
    const token = apiToken({ id: 5, userId: VIEWER.id, name: "rapport" });
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": () => ADMIN_SESSION,
      "GET /api/v1/users": () => ({ items: [ADMIN, VIEWER] }),
      "GET /api/v1/tokens": () => ({ items: [token] }),
      "DELETE /api/v1/tokens/5": () => ({ ...token, revokedAt: "2026-12-02T15:00:00.000Z" }),
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<SessionProvider><TokensPage /></SessionProvider>);

    await screen.findByText("rapport");
    await userEvent.click(screen.getByRole("button", { name: "Trekk tilbake" }));
    const dialog = await screen.findByRole("dialog", { name: "Trekk tilbake API-token" });
    expect(dialog.textContent).toContain("1 API-token («rapport», tilhører Lise Leser)");
    expect(fetch.calls.some((c) => c.key.startsWith("DELETE"))).toBe(false);

    await userEvent.click(within(dialog).getByRole("button", { name: "Avbryt" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(fetch.calls.some((c) => c.key.startsWith("DELETE"))).toBe(false);

    await userEvent.click(screen.getByRole("button", { name: "Trekk tilbake" }));
    await userEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Ja, trekk tilbake" }));
    await waitFor(() => expect(fetch.calls.filter((c) => c.key === "DELETE /api/v1/tokens/5")).toHaveLength(1));
    // The list is read again after the change.
    await waitFor(() => expect(fetch.calls.filter((c) => c.key === "GET /api/v1/tokens").length).toBeGreaterThan(1));
  }, 30_000);
});
