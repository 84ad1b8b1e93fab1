import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../../test/render.tsx";
import UsersPage from "../UsersPage.tsx";
import { ADMIN, ADMIN_SESSION, staffUser } from "./fixtures.ts";

afterEach(() => vi.unstubAllGlobals());

const LINK = "https://budstikke.example.no/setup#en-hemmelig-engangslenke";

describe("UsersPage", () => {
  it("creates a user without a password and shows the setup link once", async () => {
    const invited = staffUser({ id: 9, name: "Ny Bruker", email: "ny@ntl.example.no", pendingSetup: true });
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": () => ADMIN_SESSION,
      "GET /api/v1/users": () => ({ items: [ADMIN] }),
      "GET /api/v1/tokens": () => ({ items: [] }),
      "POST /api/v1/users": () => new Response(JSON.stringify({ user: invited, setupLink: LINK }), { status: 201, headers: { "content-type": "application/json" } }),
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<SessionProvider><UsersPage /></SessionProvider>);

    await userEvent.click(await screen.findByRole("button", { name: "Ny bruker" }));
    const form = await screen.findByRole("dialog", { name: "Ny bruker" });
    await userEvent.click(within(form).getByLabelText(/^E-post/));
    await userEvent.paste("ny@ntl.example.no");
    await userEvent.click(within(form).getByLabelText(/^Navn/));
    await userEvent.paste("Ny Bruker");
    await userEvent.click(within(form).getByRole("button", { name: "Opprett bruker" }));

    const shown = await screen.findByRole("dialog", { name: "Engangslenke til ny bruker" });
    expect(within(shown).getByText(LINK)).toBeTruthy();
    expect(shown.textContent).toContain("72 timer");
    expect(within(shown).getByRole("button", { name: "Kopier lenken" })).toBeTruthy();
    expect(fetch.calls.filter((c) => c.key === "POST /api/v1/users").map((c) => c.body)).toEqual([{ email: "ny@ntl.example.no", name: "Ny Bruker", role: "viewer" }]);

    await userEvent.click(within(shown).getByRole("button", { name: "Ferdig" }));
    await waitFor(() => expect(screen.queryByText(LINK)).toBeNull());
    // Opening the dialog again starts a new user: the link is gone for good.
    await userEvent.click(screen.getByRole("button", { name: "Ny bruker" }));
    const again = await screen.findByRole("dialog", { name: "Ny bruker" });
    expect(within(again).getByRole("button", { name: "Opprett bruker" })).toBeTruthy();
    expect(screen.queryByText(LINK)).toBeNull();
  }, 30_000);
});
