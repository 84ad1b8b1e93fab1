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

const KARI: MemberSummary = {
  memberNumber: "1000018", firstName: "Kari", lastName: "Nordmann", status: "active", branch: "oslo-1", municipality: "Oslo", employer: "Skatteetaten",
  contact: { email: "valid", mobile: "invalid", address: "missing" },
};

/** Shows the router's own location, to prove the search text never reaches it. */
function RouterLocation() {
  const location = useLocation();
  return <output data-testid="router-location">{`${location.pathname}${location.search}${location.hash}`}</output>;
}

describe("MembersPage", () => {
  it("sends the search text to the API as q and never puts it in the browser's URL", async () => {
    const queries: Array<string | null> = [];
    vi.stubGlobal("fetch", fakeFetch({
      "GET /api/v1/auth/me": () => sessionFor("communicator", ["members.read"]),
      "GET /api/v1/members": (_body, url) => {
        queries.push(url.searchParams.get("q"));
        return { items: url.searchParams.get("q") ? [KARI] : [], nextCursor: null };
      },
    }));
    const before = window.location.href;
    renderWithProviders(<SessionProvider><MembersPage /><RouterLocation /></SessionProvider>, { path: "/members" });

    await userEvent.type(await screen.findByLabelText("Søk etter medlem"), "kari.nordmann@example.no");
    const link = await screen.findByRole("link", { name: "1000018" });
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
  });

  it("asks for 25 members at a time and tells stewards they see only their area", async () => {
    const urls: URL[] = [];
    vi.stubGlobal("fetch", fakeFetch({
      "GET /api/v1/auth/me": () => sessionFor("steward", ["members.read"]),
      "GET /api/v1/members": (_body, url) => {
        urls.push(url);
        return { items: [KARI], nextCursor: url.searchParams.get("cursor") ? null : "next-page" };
      },
    }));
    renderWithProviders(<SessionProvider><MembersPage /></SessionProvider>, { path: "/members" });
    expect(await screen.findByText("Du ser bare medlemmer i ditt område.")).toBeTruthy();
    await userEvent.click(await screen.findByRole("button", { name: "Neste side" }));
    await waitFor(() => expect(urls.at(-1)?.searchParams.get("cursor")).toBe("next-page"));
    expect(urls.every((url) => url.searchParams.get("limit") === "25" && !url.searchParams.has("q"))).toBe(true);
    await waitFor(() => expect(screen.getByRole("button", { name: "Neste side" }).hasAttribute("disabled")).toBe(true));
  });
});
