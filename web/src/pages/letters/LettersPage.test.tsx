// The letters screen: print batches with postage in kroner, the bulk-rate warning, downloads only
// while the files exist, the handover to Posten through its confirmation (with the date sent to
// the API), the campaign filter from the URL, and returned letters with every number accounted for.
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import { sessionFor } from "../members/testSession.ts";
import { formatNok, osloToday, parseMemberNumbers, type PrintBatch } from "./api.ts";
import { HandOverBatch } from "./HandOverBatch.tsx";
import LettersPage from "./LettersPage.tsx";

afterEach(() => vi.unstubAllGlobals());

const COMMUNICATOR = sessionFor("communicator", ["campaigns.read", "letters.read", "letters.write"]);
/** Testing Library collapses whitespace (the no-break spaces of nb-NO numbers too). */
const collapsed = (text: string) => text.replace(/\s+/g, " ");

function batch(overrides: Partial<PrintBatch> & Pick<PrintBatch, "id" | "number">): PrintBatch {
  return {
    campaignId: 12, campaignName: "Uravstemning 2026", status: "ready", letters: 1540, pages: 3080, sheets: 1540, postage: 24_794.5,
    belowBulkMinimum: false, createdAt: "2026-12-02T13:05:00.000Z", handedOverOn: null, handedOverBy: null, filesDeletedAt: null, ...overrides,
  };
}

const FIRST = batch({ id: 31, number: 1 });
const SMALL = batch({ id: 32, number: 2, letters: 120, pages: 240, sheets: 120, postage: 3588, belowBulkMinimum: true });
const OLD = batch({
  id: 20, number: 1, campaignId: 9, campaignName: "Kontingent 2026", status: "handed_over", handedOverOn: "2026-08-14", handedOverBy: "user:7",
  filesDeletedAt: "2026-11-12T02:00:00.000Z",
});

function show(routes: Parameters<typeof fakeFetch>[0], path = "/letters", session = COMMUNICATOR) {
  const fetch = fakeFetch({ "GET /api/v1/auth/me": () => session, ...routes });
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(
    <SessionProvider>
      <LettersPage />
    </SessionProvider>,
    { path },
  );
  return fetch;
}

const rowOf = async (name: RegExp) => screen.findByRole("row", { name });

describe("LettersPage", { timeout: 20_000 }, () => {
  it("shows each batch's counts, the postage in kroner as nb-NO writes it, and warns when a batch is too small for bulk postage", async () => {
    show({ "GET /api/v1/letters/batches": () => ({ items: [SMALL, FIRST, OLD] }) });
    const table = await screen.findByRole("table", { name: "Trykkbunker, nyeste først" });
    const first = within(table).getAllByRole("row")[2]!;
    expect(collapsed(first.textContent!)).toContain("24 794,50 kr");
    expect(first.textContent).toContain("Klar");
    expect(within(first).queryByText("Ikke bulkporto")).toBeNull();
    const small = within(table).getAllByRole("row")[1]!;
    expect(small.textContent).toContain("Ikke bulkporto");
    expect(collapsed(small.textContent!)).toContain("3 588,00 kr");
    expect(within(small).getByRole("link", { name: "Last ned (zip), trykkbunke 2" }).getAttribute("href")).toBe("/api/v1/letters/batches/32/download?file=zip");
    expect(within(small).getByRole("link", { name: "Manifest" }).getAttribute("href")).toBe("/api/v1/letters/batches/32/download?file=manifest");
    // Created in Oslo time with the zone named; handed over on a calendar date.
    expect(first.textContent).toContain("2. des. 2026, 14:05 CET");
    const old = within(table).getAllByRole("row")[3]!;
    expect(old.textContent).toContain("14. aug. 2026");
    expect(old.textContent).toContain("av bruker 7");
    // Files removed by retention: said so, and nothing to download.
    expect(old.textContent).toContain("Filene er slettet (12. nov. 2026)");
    expect(within(old).queryByRole("link", { name: /Last ned/ })).toBeNull();
    expect(within(old).queryByRole("button", { name: /^Merk som levert til Posten/ })).toBeNull();
  });

  it("marks a batch handed over on the date chosen in the dialog, then shows it handed over", async () => {
    let handed = false;
    const fetch = show({
      "GET /api/v1/letters/batches": () => ({ items: [handed ? { ...FIRST, status: "handed_over", handedOverOn: "2026-12-01", handedOverBy: "user:7" } : FIRST] }),
      "POST /api/v1/letters/batches/31/handed-over": () => {
        handed = true;
        return { ...FIRST, status: "handed_over", handedOverOn: "2026-12-01" };
      },
    });
    const row = await rowOf(/Uravstemning 2026/);
    await userEvent.click(within(row).getByRole("button", { name: "Merk som levert til Posten: trykkbunke 1" }));
    const dialog = await screen.findByRole("dialog", { name: "Levert til Posten" });
    expect(collapsed(dialog.textContent!)).toContain("Trykkbunke 1 av «Uravstemning 2026» (1 540 brev) merkes som levert til Posten");
    const date = within(dialog).getByLabelText(/Levert dato/) as HTMLInputElement;
    expect(date.value).toBe(osloToday());
    await userEvent.clear(date);
    await userEvent.type(date, "2026-12-01");
    await userEvent.click(within(dialog).getByRole("button", { name: "Merk som levert" }));
    await waitFor(() => expect(fetch.calls.find((c) => c.key === "POST /api/v1/letters/batches/31/handed-over")?.body).toEqual({ on: "2026-12-01" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    const after = await rowOf(/Uravstemning 2026 1 Levert /);
    expect(after.textContent).toContain("1. des. 2026");
    expect(within(after).queryByRole("button", { name: /^Merk som levert til Posten/ })).toBeNull();
  });

  it("shows only the campaign named in the URL, and no handover or returned-letters form to someone who may only read", async () => {
    show({ "GET /api/v1/letters/batches": () => ({ items: [FIRST, OLD] }) }, "/letters?campaign=12", sessionFor("viewer", ["letters.read"]));
    const table = await screen.findByRole("table", { name: "Trykkbunker, nyeste først" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain("Ikke levert");
    // Filtered to one campaign: no campaign column.
    expect(within(table).queryByRole("columnheader", { name: "Kampanje" })).toBeNull();
    expect(screen.getByRole("link", { name: "Til kampanjen" }).getAttribute("href")).toBe("/campaigns/12");
    expect(screen.queryByRole("button", { name: /^Merk som levert til Posten/ })).toBeNull();
    expect(screen.queryByRole("button", { name: "Registrer returpost" })).toBeNull();
  });

  it("records returned letters, one member number per line, and names the marked, already invalid and unknown numbers", async () => {
    const fetch = show({
      "GET /api/v1/letters/batches": () => ({ items: [] }),
      "POST /api/v1/letters/returned": () => ({ marked: ["10001", "10002"], alreadyInvalid: ["10003"], noAddress: [], unknown: ["99999"] }),
    });
    expect(await screen.findByText("Ingen trykkbunker ennå.")).toBeTruthy();
    await userEvent.type(screen.getByLabelText(/Medlemsnummer/), "10001\n10002\n 10003 \n10001\n99999\n");
    expect(screen.getByText("4 medlemsnummer")).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Registrer returpost" }));
    await waitFor(() => expect(fetch.calls.find((c) => c.key === "POST /api/v1/letters/returned")?.body).toEqual({ memberNumbers: ["10001", "10002", "10003", "99999"] }));
    expect(await screen.findByText("Adressen merket som ugyldig: 2")).toBeTruthy();
    expect(screen.getByText("10001, 10002")).toBeTruthy();
    expect(screen.getByText("Allerede merket som ugyldig: 1")).toBeTruthy();
    expect(screen.getByText("Ukjente medlemsnummer: 1")).toBeTruthy();
    expect(screen.getByText("99999")).toBeTruthy();
    expect(screen.queryByText(/Har ingen postadresse/)).toBeNull();
  });
});

describe("HandOverBatch", { timeout: 20_000 }, () => {
  it("refuses a date after today in Oslo", async () => {
    vi.stubGlobal("fetch", fakeFetch({}));
    renderWithProviders(<HandOverBatch batch={FIRST} today={() => "2026-12-02"} />);
    await userEvent.click(screen.getByRole("button", { name: /^Merk som levert til Posten/ }));
    const dialog = await screen.findByRole("dialog");
    const date = within(dialog).getByLabelText(/Levert dato/) as HTMLInputElement;
    expect(date.value).toBe("2026-12-02");
    const confirm = within(dialog).getByRole("button", { name: "Merk som levert" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(false);
    await userEvent.clear(date);
    await userEvent.type(date, "2026-12-03");
    expect(confirm.disabled).toBe(true);
  });
});

describe("the letters helpers", () => {
  it("format postage in kroner per language, take today's date in Oslo, and read member numbers one per line", () => {
    expect(collapsed(formatNok(5400.5, "nb-NO"))).toBe("5 400,50 kr");
    expect(collapsed(formatNok(5400.5, "en-GB"))).toBe("NOK 5,400.50");
    // 23:30 UTC on 2 December is already 3 December in Oslo.
    expect(osloToday(new Date("2026-12-02T23:30:00Z"))).toBe("2026-12-03");
    expect(parseMemberNumbers(" 1001 \r\n1002\n\n1001\t1003;1004")).toEqual(["1001", "1002", "1003", "1004"]);
  });
});
