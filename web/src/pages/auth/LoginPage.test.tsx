import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import LoginPage from "./LoginPage.tsx";

afterEach(() => vi.unstubAllGlobals());

const problem = (status: number, issues: Array<{ path: string; message: string }>) =>
  new Response(JSON.stringify({ type: "about:blank", title: "Unauthorized", status, kind: "unauthenticated", issues }), {
    status, headers: { "content-type": "application/problem+json" },
  });

describe("LoginPage", () => {
  it("asks for the TOTP code when the server says the account needs one, then sends it", async () => {
    let attempts = 0;
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": () => problem(401, []),
      "POST /api/v1/auth/login": () => (++attempts === 1 ? problem(401, [{ path: "totp", message: "required" }]) : problem(401, [])),
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<SessionProvider><LoginPage /></SessionProvider>);
    await userEvent.type(await screen.findByLabelText(/E-post/), "kari@example.no");
    await userEvent.type(screen.getByLabelText(/^Passord/), "a long passphrase here");
    await userEvent.click(screen.getByRole("button", { name: "Logg inn" }));
    const code = await screen.findByLabelText(/Engangskode/);
    await userEvent.type(code, "123456");
    await userEvent.click(screen.getByRole("button", { name: "Logg inn" }));
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("Feil e-post, passord eller kode"));
    expect(fetch.calls.filter((c) => c.key === "POST /api/v1/auth/login").map((c) => c.body)).toEqual([
      { email: "kari@example.no", password: "a long passphrase here" },
      { email: "kari@example.no", password: "a long passphrase here", totp: "123456" },
    ]);
  });
});
