// The review of a campaign with letters and channel fallback: letter counts beside email and SMS,
// the expected split per channel (and those no channel reaches), what the letters come to with
// the bulk-rate warning, and a send confirmation that counts each member once.
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatterFor } from "../../../i18n/format.ts";
import { fakeFetch, renderWithProviders } from "../../../test/render.tsx";
import { CampaignReview } from "./CampaignReview.tsx";
import type { CampaignReview as Review } from "./reviewQuery.ts";
import { SendActions } from "./SendActions.tsx";

afterEach(() => vi.unstubAllGlobals());

const n = formatterFor("nb-NO").number;
const collapsed = (text: string) => text.replace(/\s+/g, " ");

const LETTERS: NonNullable<Review["letters"]> = {
  letters: 1240, pagesPerLetter: 2, pages: 2480, sheets: 1240, postage: 19_964, printBatches: 1, bulkMinimum: 200, belowBulkMinimum: false,
};

function review(overrides: Partial<Review> = {}): Review {
  return {
    campaignId: 7, name: "Uravstemning", purpose: "bargaining", evaluatedAt: "2026-12-01T10:00:00.000Z", audience: 13_000,
    channels: {
      email: { recipients: 11_000, skipped: 2000, skippedByReason: { opted_out_channel: 500, no_address: 1500 } },
      sms: { recipients: 9000, skipped: 4000, skippedByReason: { no_address: 4000 } },
      letter: { recipients: 12_500, skipped: 500, skippedByReason: { no_address: 480, address_invalid: 20 } },
    },
    channelMode: "first-available",
    split: { channels: { email: 11_000, sms: 1200, letter: 640 }, none: 160 },
    letters: { ...LETTERS, letters: 640, pages: 1280, sheets: 640, postage: 10_304.8 },
    approval: {
      required: false, reasons: [], threshold: 20_000, description: "", state: "draft", canApprove: false, refusal: "not_waiting",
      submittedCount: null, approvedCount: null, driftCount: null,
    },
    schedule: { sendAt: null, sendAtOslo: null, smsQuietHours: { start: "21:00", end: "08:00" }, sendAtInQuietHours: null },
    template: { templateVersionId: 3, templateId: 2, name: "Stemmeseddel", version: 1 },
    segmentVersionId: null,
    segment: null,
    ...overrides,
  };
}

function show(data: Review) {
  vi.stubGlobal("fetch", fakeFetch({ "GET /api/v1/campaigns/7/review": () => data }));
  renderWithProviders(
    <>
      <CampaignReview campaignId={7} />
      <SendActions campaignId={7} />
    </>,
  );
}

describe("the review of a campaign with letters and channel fallback", { timeout: 20_000 }, () => {
  it("shows the channel order, the expected split with those no channel reaches, and letters beside email and SMS", async () => {
    show(review());
    expect(await screen.findByText("Første tilgjengelige kanal: e-post → SMS → brev")).toBeTruthy();
    const split = screen.getByRole("table", { name: "Forventet fordeling per kanal" });
    const rows = within(split).getAllByRole("row").map((r) => collapsed(r.textContent!));
    expect(rows).toEqual(["KanalMedlemmer", `E-post${collapsed(n(11_000))}`, `SMS${collapsed(n(1200))}`, "Brev640", "Ingen kanal når dem160", `I alt${collapsed(n(13_000))}`]);
    expect(screen.getByRole("heading", { name: `Brev: ${n(12_500)} mottakere` })).toBeTruthy();
    const letterSkips = screen.getByRole("table", { name: /Brev: hoppes over/ });
    expect(within(letterSkips).getByRole("row", { name: "Ugyldig adresse 20" })).toBeTruthy();
  });

  it("shows letters, pages, sheets, postage in kroner and print batches, without a warning when every batch gets the bulk rate", async () => {
    show(review());
    const table = await screen.findByRole("table", { name: "Brev som skal trykkes og sendes" });
    const cells = Object.fromEntries(within(table).getAllByRole("row").map((r) => [r.querySelector("th")!.textContent, collapsed(r.querySelector("td")!.textContent!)]));
    expect(cells).toEqual({
      Brev: "640", "Sider per brev": "2", Sider: collapsed(n(1280)), Ark: "640", "Anslått porto": "10 304,80 kr", Trykkbunker: "1",
    });
    expect(screen.queryByText(/ikke bulkporto/)).toBeNull();
  });

  it("warns when a print batch would be under the bulk minimum", async () => {
    show(review({ letters: { ...LETTERS, letters: 150, pages: 300, sheets: 150, postage: 4485, belowBulkMinimum: true } }));
    expect(await screen.findByText("Under 200 brev i en trykkbunke: ikke bulkporto")).toBeTruthy();
  });

  it("names each member once in the send confirmation: the split, not each channel on its own", async () => {
    show(review());
    await userEvent.click(await screen.findByRole("button", { name: "Send nå" }));
    const dialog = await screen.findByRole("dialog");
    expect(collapsed(dialog.textContent!)).toContain(collapsed(`Send til ${n(11_000)} medlemmer på e-post, ${n(1200)} på SMS og 640 i brev.`));
  });

  it("shows neither split nor letters for a campaign that sends on every channel without letters", async () => {
    show(review({ channelMode: "all", split: null, letters: null, channels: { email: { recipients: 11_000, skipped: 0, skippedByReason: {} } } }));
    expect(await screen.findByRole("heading", { name: `E-post: ${n(11_000)} mottakere` })).toBeTruthy();
    expect(screen.queryByText(/Første tilgjengelige kanal/)).toBeNull();
    expect(screen.queryByRole("table", { name: "Brev som skal trykkes og sendes" })).toBeNull();
  });
});
