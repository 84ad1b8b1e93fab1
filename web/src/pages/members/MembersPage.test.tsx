import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useLocation } from "react-router";
import type { MemberSummary } from "../../../../src/contracts/members.ts";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import MembersPage from "./MembersPage.tsx";
import { sessionFor } from "./testSession.ts";

afterEach(() => vi.unstubAllGlobals());

/** findBy* waits this long: rendering Mantine in jsdom takes seconds on a busy machine. */
const SLOW = { timeout: 10_000 };

const KARI: MemberSummary = {
  memberNumber: "1000018", firstName: "Kari", lastName: "Nordmann", status: "active", branch: "oslo-1", municipality: "Oslo", employer: "Skatteetaten",
  contact: { email: "valid", mobile: "invalid", address: "missing" },
};

/** Shows the router's own location, to prove the search text never reaches it. */
function RouterLocation() {
  const location = useLocation();
  return <output data-testid="router-location">{`${location.pathname}${location.search}${location.hash}`}</output>;
}

describe("MembersPage", { timeout: 30_000 }, () => {
  it("sends the search text to the API in a request body (never in a URL, the API's or the browser's)", async () => {
    const queries: Array<string | null> = [];
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": () => sessionFor("communicator", ["members.read"]),
      "POST /api/v1/members/search": (body) => {
        const q = (body as { q?: string }).q ?? null;
        queries.push(q);
        return { items: q ? [KARI] : [], nextCursor: null };
      },
    });
    vi.stubGlobal("fetch", fetch);
    const before = window.location.href;
    renderWithProviders(<SessionProvider><MembersPage /><RouterLocation /></SessionProvider>, { path: "/members" });

    await userEvent.type(await screen.findByLabelText("Søk etter medlem", undefined, SLOW), "kari.nordmann@example.no");
    const link = await screen.findByRole("link", { name: "1000018" }, SLOW);
    expect(link.getAttribute("href")).toBe("/members/1000018");
    expect(screen.getByText("Kari Nordmann")).toBeTruthy();
    const row = link.closest("tr")!;
    expect([...row.querySelectorAll("td")].slice(-3).map((cell) => cell.textContent)).toEqual(["gyldig", "ugyldig", "mangler"]);
    expect(screen.getAllByRole("columnheader").map((th) => th.textContent).slice(-3)).toEqual(["E-post", "SMS", "Adresse"]);

    // Debounced: the empty list first, then the whole address, not one request per letter.
    expect(queries.at(-1)).toBe("kari.nordmann@example.no");
    expect(queries.length).toBeLessThanOrEqual(3);
    expect(screen.getByTestId("router-location").textContent).toBe("/members");
    expect(window.location.href).toBe(before);
    expect(decodeURIComponent(window.location.href)).not.toContain("kari");
    expect(fetch.calls.every((call) => !call.key.includes("kari"))).toBe(true);
  });

  it("asks for 25 members at a time and tells stewards they see only their area", async () => {
    const bodies: Array<{ q?: string; cursor?: string; limit?: number }> = [];
    vi.stubGlobal("fetch", fakeFetch({
      "GET /api/v1/auth/me": () => sessionFor("steward", ["members.read"]),
      "POST /api/v1/members/search": (body) => {
        const search = body as { q?: string; cursor?: string; limit?: number };
        bodies.push(search);
        return { items: [KARI], nextCursor: search.cursor ? null : "next-page" };
      },
    }));
    renderWithProviders(<SessionProvider><MembersPage /></SessionProvider>, { path: "/members" });
    expect(await screen.findByText("Du ser bare medlemmer i ditt område.", undefined, SLOW)).toBeTruthy();
    await userEvent.click(await screen.findByRole("button", { name: "Neste side" }, SLOW));
    await waitFor(() => expect(bodies.at(-1)?.cursor).toBe("next-page"), SLOW);
    expect(bodies.every((body) => body.limit === 25 && body.q === undefined)).toBe(true);
    await waitFor(() => expect(screen.getByRole("button", { name: "Neste side" }).hasAttribute("disabled")).toBe(true), SLOW);
  });
});
