import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatterFor } from "../../../i18n/format.ts";
import { fakeFetch, renderWithProviders } from "../../../test/render.tsx";
import { ApprovalActions } from "./ApprovalActions.tsx";
import { CampaignReview } from "./CampaignReview.tsx";
import type { CampaignReview as Review } from "./reviewQuery.ts";
import { SendActions } from "./SendActions.tsx";

afterEach(() => vi.unstubAllGlobals());

const n = formatterFor("nb-NO").number;
/** Testing Library collapses whitespace in the text it searches (the no-break spaces of nb-NO numbers too). */
const collapsed = (text: string) => text.replace(/\s+/g, " ");

function review(overrides: { approval?: Partial<Review["approval"]>; schedule?: Partial<Review["schedule"]> } = {}): Review {
  return {
    campaignId: 7,
    name: "Kurs i arbeidsrett",
    purpose: "course",
    evaluatedAt: "2026-12-01T10:00:00.000Z",
    audience: 13_000,
    channels: {
      email: { recipients: 12_418, skipped: 582, skippedByReason: { opted_out_purpose: 80, no_address: 502 } },
      sms: { recipients: 9902, skipped: 3098, skippedByReason: { no_address: 3000, suppressed: 98 } },
    },
    channelMode: "all", split: null, letters: null,
    approval: {
      required: false, reasons: [], threshold: 20_000, description: "", state: "draft", canApprove: false, refusal: "not_waiting",
      submittedCount: null, approvedCount: null, driftCount: null, ...overrides.approval,
    },
    schedule: { sendAt: null, sendAtOslo: null, smsQuietHours: { start: "21:00", end: "08:00" }, sendAtInQuietHours: null, ...overrides.schedule },
    template: { templateVersionId: 3, templateId: 2, name: "Kursinvitasjon", version: 1 },
    segmentVersionId: 5,
    segment: { id: 4, name: "Aktive i Oslo", version: 2 },
  };
}

function show(data: Review) {
  const fetch = fakeFetch({
    "GET /api/v1/campaigns/7/review": () => data,
    "POST /api/v1/campaigns/7/schedule": () => ({ id: 7, state: "scheduled" }),
    "POST /api/v1/campaigns/7/submit": () => ({ id: 7, state: "awaiting_approval" }),
  });
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(
    <>
      <CampaignReview campaignId={7} />
      <SendActions campaignId={7} />
      <ApprovalActions campaignId={7} />
    </>,
  );
  return fetch;
}

// Role queries over a Mantine tree are slow in jsdom on a busy machine.
describe("CampaignReview", { timeout: 20_000 }, () => {
  it("lists the skip reasons per channel in Norwegian, and names the counts per channel before sending now", async () => {
    const fetch = show(review());
    expect(await screen.findByRole("heading", { name: `E-post: ${n(12_418)} mottakere` })).toBeTruthy();
    const email = screen.getByRole("table", { name: /E-post: hoppes over/ });
    expect(within(email).getByRole("row", { name: `Mangler adresse ${n(502)}` })).toBeTruthy();
    expect(within(email).getByRole("row", { name: "Reservert mot formålet 80" })).toBeTruthy();
    const sms = screen.getByRole("table", { name: /SMS: hoppes over/ });
    expect(within(sms).getByRole("row", { name: "Sperret adresse 98" })).toBeTruthy();
    expect(screen.getByText("SMS sendes ikke mellom 21:00 og 08:00; meldinger venter til 08:00.")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Send nå" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain(`Send til ${n(12_418)} medlemmer på e-post og ${n(9902)} på SMS.`);
    await userEvent.click(within(dialog).getByRole("button", { name: "Send nå" }));
    await waitFor(() => expect(fetch.calls.some((c) => c.key === "POST /api/v1/campaigns/7/schedule")).toBe(true));
    expect(fetch.calls.find((c) => c.key === "POST /api/v1/campaigns/7/schedule")?.body).toEqual({});
  });

  it("schedules at the campaign's time, and says so in the dialog", async () => {
    const fetch = show(review({ schedule: { sendAt: "2099-12-02T08:00:00.000Z", sendAtOslo: "02.12.2099, 09:00", sendAtInQuietHours: false } }));
    await userEvent.click(await screen.findByRole("button", { name: "Planlegg sending" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("Sendingen starter 2. des. 2099, 09:00 CET (tid i Norge)");
    await userEvent.click(within(dialog).getByRole("button", { name: "Planlegg sending" }));
    await waitFor(() => expect(fetch.calls.find((c) => c.key === "POST /api/v1/campaigns/7/schedule")?.body).toEqual({ at: "2099-12-02T08:00:00.000Z" }));
  });

  it("offers only 'Send til godkjenning' when approval is required, and says nothing is sent before that", async () => {
    const fetch = show(review({ approval: { required: true, reasons: ["threshold", "bargaining"], threshold: 500 } }));
    expect(await screen.findByText(/Mange mottakere/)).toBeTruthy();
    expect(screen.getByText(collapsed(`: ${n(13_000)} medlemmer er over grensen på 500`), { exact: false })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Send nå" })).toBeNull();
    await userEvent.click(screen.getByRole("button", { name: "Send til godkjenning" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain(`${n(12_418)} medlemmer på e-post og ${n(9902)} på SMS`);
    expect(dialog.textContent).toContain("Ingenting sendes før den er godkjent");
    await userEvent.click(within(dialog).getByRole("button", { name: "Send til godkjenning" }));
    await waitFor(() => expect(fetch.calls.some((c) => c.key === "POST /api/v1/campaigns/7/submit")).toBe(true));
    expect(fetch.calls.some((c) => c.key === "POST /api/v1/campaigns/7/schedule")).toBe(false);
  });

  it("shows both counts when it needs re-approval, and no approval buttons for the campaign's own author", async () => {
    show(review({ approval: { required: true, reasons: ["threshold"], state: "needs_reapproval", approvedCount: 4980, driftCount: 5612, refusal: "own_campaign" } }));
    expect(await screen.findByText(collapsed(`Godkjent for ${n(4980)} mottakere, nå ${n(5612)}`))).toBeTruthy();
    expect(screen.getByText(/Du laget kampanjen selv/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Godkjenn" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Avvis" })).toBeNull();
  });

  it("lets another approver approve or reject, and a rejection needs a comment", async () => {
    const fetch = fakeFetch({
      "GET /api/v1/campaigns/7/review": () => review({ approval: { required: true, reasons: ["threshold"], state: "awaiting_approval", canApprove: true, refusal: null, submittedCount: 13_000 } }),
      "POST /api/v1/campaigns/7/reject": () => ({ id: 7, state: "draft" }),
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<ApprovalActions campaignId={7} />);
    expect(await screen.findByRole("button", { name: "Godkjenn" })).toBeTruthy();
    await userEvent.click(screen.getByRole("button", { name: "Avvis" }));
    const dialog = await screen.findByRole("dialog");
    const confirm = within(dialog).getByRole("button", { name: "Avvis" });
    expect((confirm as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(within(dialog).getByLabelText(/Hva må endres/), "Feil dato");
    await userEvent.click(confirm);
    await waitFor(() => expect(fetch.calls.find((c) => c.key === "POST /api/v1/campaigns/7/reject")?.body).toEqual({ comment: "Feil dato" }));
  });
});
