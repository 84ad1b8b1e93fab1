// The organisation settings page: an admin sees and changes the settings (the API's field
// messages at their fields, in Norwegian, nothing typed lost), uploads a logo with its own
// content type, and sees the preview in the colours the server derived; a viewer reads only.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { OrganisationSettings } from "../../../../src/contracts/organisation.ts";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import { sessionFor } from "../members/testSession.ts";
import OrganisationPage from "./OrganisationPage.tsx";

afterEach(() => vi.unstubAllGlobals());

/** findBy* waits this long: rendering Mantine in jsdom takes seconds on a busy machine. */
const SLOW = { timeout: 10_000 };

const SETTINGS: OrganisationSettings = {
  profileId: 3, name: "Norsk Tjenestemannslag", shortName: "NTL", brandColour: "#ffff00",
  addressLines: ["Postboks 9123 Grønland", "0133 OSLO"], contactEmail: "post@ntl.example.no", contactPhone: "22 00 00 00",
  orgNumber: "974760673", privacyUrl: "https://ntl.example.no/personvern",
  logo: { id: 7, url: "/org/logo/7.png", width: 320, height: 96 },
  colours: { brand: "#ffff00", onBrand: "#000000", link: "#6b6b00", adjusted: true },
  updatedAt: "2026-12-01T09:30:00.000Z", updatedBy: "ada.admin@ntl.example.no",
};

const ADMIN_PERMISSIONS = ["organisation.read", "organisation.write", "users.manage"];

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": status < 400 ? "application/json" : "application/problem+json" } });

/** fakeFetch, also recording each call's content type (fakeFetch keeps only the body). */
function recordingFetch(routes: Parameters<typeof fakeFetch>[0]) {
  const inner = fakeFetch(routes);
  const contentTypes: Array<{ key: string; contentType: string | undefined; body: unknown }> = [];
  const outer = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    contentTypes.push({ key: `${init?.method ?? "GET"} ${new URL(String(input), "http://localhost").pathname}`, contentType: headers["content-type"], body: init?.body });
    return inner(input, init);
  }) as typeof fetch;
  return { fetch: outer, calls: inner.calls, contentTypes };
}

function renderPage(role: "admin" | "viewer", permissions: string[], routes: Parameters<typeof fakeFetch>[0]) {
  const recorder = recordingFetch({ "GET /api/v1/auth/me": () => sessionFor(role, permissions), "GET /api/v1/organisation": () => SETTINGS, ...routes });
  vi.stubGlobal("fetch", recorder.fetch);
  renderWithProviders(<SessionProvider><OrganisationPage /></SessionProvider>, { path: "/admin/organisation" });
  return recorder;
}

describe("OrganisationPage", { timeout: 30_000 }, () => {
  it("shows the current values, the logo, when and by whom they last changed, and the preview in the server's colours", async () => {
    renderPage("admin", ADMIN_PERMISSIONS, {});
    expect(((await screen.findByLabelText(/^Navn/, undefined, SLOW)) as HTMLInputElement).value).toBe("Norsk Tjenestemannslag");
    expect((screen.getByLabelText(/^Kortnavn/) as HTMLInputElement).value).toBe("NTL");
    expect((screen.getByLabelText(/^Merkefarge/) as HTMLInputElement).value).toBe("#ffff00");
    expect((screen.getByLabelText("Adresselinje 1") as HTMLInputElement).value).toBe("Postboks 9123 Grønland");
    expect((screen.getByLabelText("Adresselinje 2") as HTMLInputElement).value).toBe("0133 OSLO");
    expect((screen.getByLabelText("Adresselinje 3") as HTMLInputElement).value).toBe("");
    expect((screen.getByLabelText(/^Organisasjonsnummer/) as HTMLInputElement).value).toBe("974760673");
    expect(screen.getByRole("img", { name: "Logoen til Norsk Tjenestemannslag" }).getAttribute("src")).toBe("/org/logo/7.png");
    expect(screen.getByText("Sist endret 1. des. 2026, 10:30 CET av ada.admin@ntl.example.no")).toBeTruthy();
    expect(screen.getByText("Endringer gjelder kampanjer som startes etter endringen. Kampanjer som alt er startet, beholder innstillingene de startet med.")).toBeTruthy();

    const preview = screen.getByRole("group", { name: "Forhåndsvisning av en e-post til medlemmene" });
    const header = within(preview).getAllByText("Norsk Tjenestemannslag")[0]!.parentElement!;
    expect(header.style.background).toMatch(/rgb\(255, 255, 0\)|#ffff00/);
    expect(header.style.color).toMatch(/rgb\(0, 0, 0\)|#000000/);
    expect(within(preview).getByText("Se alle nyheter").style.color).toMatch(/rgb\(107, 107, 0\)|#6b6b00/);
    expect(within(preview).getByText("Org.nr. 974 760 673")).toBeTruthy();
    expect(screen.getByText("Merkefargen er gjort mørkere i lenker for å gi nok kontrast (4,5:1).")).toBeTruthy();
  });

  it("shows each of the API's field messages at its field in Norwegian, keeps what was typed, and shows the saved colours after a save", async () => {
    let attempt = 0;
    const recorder = renderPage("admin", ADMIN_PERMISSIONS, {
      "PUT /api/v1/organisation": (body) => {
        attempt += 1;
        if (attempt === 1) {
          return json(400, {
            type: "about:blank", title: "Invalid input", status: 400, kind: "invalid", detail: "the request body is invalid",
            issues: [
              { path: "body.orgNumber", message: "orgNumber must be a valid Norwegian organisation number (9 digits, mod-11 check digit)" },
              { path: "addressLines.1", message: "address line: at most 80 characters" },
              { path: "body.contactPhone", message: "contactPhone must be a phone number such as 22 00 00 00 or +47 22 00 00 00" },
            ],
          });
        }
        return { ...SETTINGS, ...(body as object), brandColour: "#c8102e", colours: { brand: "#c8102e", onBrand: "#ffffff", link: "#c8102e", adjusted: false }, profileId: 4 };
      },
    });
    const orgNumber = (await screen.findByLabelText(/^Organisasjonsnummer/, undefined, SLOW)) as HTMLInputElement;
    await userEvent.clear(orgNumber);
    await userEvent.type(orgNumber, "974760674");
    const line3 = screen.getByLabelText("Adresselinje 3");
    await userEvent.type(line3, "Sentralbord");
    await userEvent.click(screen.getByRole("button", { name: "Lagre" }));

    await waitFor(() => expect(orgNumber.getAttribute("aria-invalid")).toBe("true"), SLOW);
    expect(screen.getByText("må være et gyldig organisasjonsnummer (9 sifre, riktig kontrollsiffer)")).toBeTruthy();
    expect(screen.getByLabelText("Adresselinje 2").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByText("kan ha høyst 80 tegn")).toBeTruthy();
    expect(screen.getByLabelText(/^Kontakttelefon/).getAttribute("aria-invalid")).toBe("true");
    // Every issue is at a field: no alert that would only repeat "invalid input".
    expect(screen.queryByRole("alert")).toBeNull();
    expect(orgNumber.value).toBe("974760674");
    expect((screen.getByLabelText("Adresselinje 3") as HTMLInputElement).value).toBe("Sentralbord");
    expect(screen.getByText("Forhåndsvisningen viser de lagrede innstillingene. Lagre for å se endringene.")).toBeTruthy();
    const sent = recorder.calls.filter((c) => c.key === "PUT /api/v1/organisation").map((c) => c.body);
    expect(sent).toEqual([{
      name: "Norsk Tjenestemannslag", shortName: "NTL", brandColour: "#ffff00", addressLines: ["Postboks 9123 Grønland", "0133 OSLO", "Sentralbord"],
      contactEmail: "post@ntl.example.no", contactPhone: "22 00 00 00", orgNumber: "974760674", privacyUrl: "https://ntl.example.no/personvern",
    }]);

    await userEvent.click(screen.getByRole("button", { name: "Lagre" }));
    expect(await screen.findByText("Lagret. Kampanjer som startes fra nå av, bruker de nye innstillingene.", undefined, SLOW)).toBeTruthy();
    expect(orgNumber.getAttribute("aria-invalid")).not.toBe("true");
    // The preview follows the colours the server answered, not a copy of its maths.
    const preview = screen.getByRole("group", { name: "Forhåndsvisning av en e-post til medlemmene" });
    expect(within(preview).getByText("Se alle nyheter").style.color).toMatch(/rgb\(200, 16, 46\)|#c8102e/);
    expect(screen.queryByText(/Merkefargen er gjort mørkere/)).toBeNull();
    expect(screen.queryByText(/Forhåndsvisningen viser de lagrede/)).toBeNull();
  });

  it("shows a viewer the values read-only: no form, no upload, no removal", async () => {
    renderPage("viewer", ["organisation.read", "campaigns.read"], {});
    expect(await screen.findByText("Bare administratorer kan endre innstillingene.", undefined, SLOW)).toBeTruthy();
    expect(screen.getByText("Norsk Tjenestemannslag", { selector: "dd" })).toBeTruthy();
    expect(screen.getByText("974760673")).toBeTruthy();
    expect(screen.getByText("0133 OSLO")).toBeTruthy();
    expect(screen.queryAllByRole("textbox")).toEqual([]);
    expect(screen.queryByRole("button", { name: "Lagre" })).toBeNull();
    expect(screen.queryByLabelText(/Last opp ny logo/)).toBeNull();
    expect(screen.queryByRole("button", { name: "Fjern logoen" })).toBeNull();
    expect(screen.getByRole("img", { name: "Logoen til Norsk Tjenestemannslag" })).toBeTruthy();
  });

  it("uploads a chosen logo with the file's own content type, and refuses a file that is too big without sending it", async () => {
    const uploaded = { ...SETTINGS, profileId: 5, logo: { id: 8, url: "/org/logo/8.png", width: 160, height: 160 } };
    const recorder = renderPage("admin", ADMIN_PERMISSIONS, { "PUT /api/v1/organisation/logo": () => uploaded });
    await screen.findByLabelText(/Last opp ny logo/, undefined, SLOW);
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.getAttribute("accept")).toBe(".png,.svg,image/png,image/svg+xml");

    const big = new File([new Uint8Array(1024 * 1024 + 1)], "stor.png", { type: "image/png" });
    await userEvent.upload(input, big);
    expect(await screen.findByText(/^Filen er 1\s025 KiB; høyst 1 024 KiB er tillatt\.$/, undefined, SLOW)).toBeTruthy();
    expect(recorder.contentTypes.filter((c) => c.key === "PUT /api/v1/organisation/logo")).toEqual([]);

    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'], "logo.svg", { type: "image/svg+xml" });
    await userEvent.upload(input, svg);
    await waitFor(() => expect(screen.getByRole("img", { name: "Logoen til Norsk Tjenestemannslag" }).getAttribute("src")).toBe("/org/logo/8.png"), SLOW);
    const puts = recorder.contentTypes.filter((c) => c.key === "PUT /api/v1/organisation/logo");
    expect(puts.map((c) => c.contentType)).toEqual(["image/svg+xml"]);
    expect(puts[0]!.body).toBe(svg);
    expect(screen.getByText("Logoen er lastet opp.")).toBeTruthy();
  });
});
