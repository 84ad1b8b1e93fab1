// The campaign page: live progress fed through a fake EventSource (the page's stream of status
// events), and the actions each state and role gets, with what their dialogs say and send.
import { act, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../../../api/session.tsx";
import { SessionProvider } from "../../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../../test/render.tsx";
import CampaignPage from "../CampaignPage.tsx";
import { campaign, status } from "./fixtures.ts";
import type { CampaignHistory } from "./types.ts";

// uPlot draws on a canvas, which jsdom lacks: the chart shows how many points it got.
vi.mock("../../../components/ProgressChart.tsx", () => ({
  default: ({ times, label }: { times: number[]; label: string }) => <div role="img" aria-label={label}>{`${times.length} punkter`}</div>,
}));

class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  closed = false;
  private listeners = new Map<string, Array<(event: MessageEvent) => void>>();
  constructor(url: string) {
    this.url = url;
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
  }
  emit(type: string, data: unknown) {
    act(() => {
      for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
    });
  }
}

const PERMISSIONS: Record<string, string[]> = {
  communicator: ["campaigns.read", "campaigns.write", "deliveries.read", "members.read"],
  viewer: ["campaigns.read"],
};

function session(role: "communicator" | "viewer", id = 5): Session {
  return {
    user: {
      id, email: `${role}@example.no`, name: "Kari Kommunikasjon", role, scope: { employers: [], branches: [] },
      disabled: false, totpEnabled: false, pendingSetup: false, lastLoginAt: null, createdAt: "2026-01-01T00:00:00Z",
    },
    csrfToken: "csrf", mustEnrolTotp: false, permissions: PERMISSIONS[role]!,
  };
}


const HISTORY: CampaignHistory = {
  items: [{ at: "2026-12-01T12:00:00Z", action: "campaign.create", actorId: 5, actorName: "Kari Kommunikasjon", details: {} }],
  truncated: false,
};

function renderPage(routes: Record<string, (body: unknown, url: URL) => unknown>, role: "communicator" | "viewer" = "communicator") {
  const fetch = fakeFetch({ "GET /api/v1/auth/me": () => session(role), "GET /api/v1/campaigns/7/history": () => HISTORY, ...routes });
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(
    <SessionProvider>
      <Routes>
        <Route path="/campaigns/:id" element={<CampaignPage />} />
      </Routes>
    </SessionProvider>,
    { path: "/campaigns/7" },
  );
  return fetch;
}

// The whole page renders in jsdom (Mantine, tables, dialogs): slower than a unit, on a busy machine much slower.
vi.setConfig({ testTimeout: 30_000 });

beforeEach(() => {
  FakeEventSource.instances = [];
  vi.stubGlobal("EventSource", FakeEventSource);
});
afterEach(() => vi.unstubAllGlobals());

describe("CampaignPage live progress", () => {
  it("shows each status event as it comes, draws the points, and shows the result when the stream ends", async () => {
    let current = campaign();
    renderPage({
      "GET /api/v1/campaigns/7": () => current,
      "GET /api/v1/campaigns/7/status": () => status(current.state, { total: 1000, sent: 1000 - 30, failed: 30 }),
    });
    await screen.findByRole("heading", { level: 1, name: "Medlemsmøte" });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe("/api/v1/campaigns/7/events");

    source.emit("status", status("sending", { total: 1000, pending: 900, sent: 100 }));
    expect(await screen.findByText(/^100 av 1\s000 sendt$/)).toBeTruthy();
    expect(screen.getByText("25 per sekund")).toBeTruthy();
    expect(screen.getByText("ca. 30 s igjen")).toBeTruthy();

    source.emit("status", status("sending", { total: 1000, pending: 720, sent: 250, failed: 20, failedByReason: { "550-5.1.1": 20 } }));
    expect(await screen.findByText(/^250 av 1\s000 sendt$/)).toBeTruthy();
    expect(screen.getByText("20 feilet")).toBeTruthy();
    // The chart loads on demand (its own chunk) and gets one point per event.
    expect((await screen.findByRole("img", { name: /^Graf over sendte og feilede/ })).textContent).toBe("2 punkter");
    // The failure reasons are the provider's codes, shown as they are.
    expect(within(screen.getByRole("table", { name: "Hvorfor noen feilet" })).getByText("550-5.1.1")).toBeTruthy();

    current = campaign({ state: "completed", completedAt: "2026-12-02T09:10:00Z" });
    source.emit("end", status("completed", { total: 1000, sent: 970, failed: 30 }));
    expect(await screen.findByRole("heading", { level: 2, name: "Resultat" })).toBeTruthy();
    expect(await screen.findByText(/^970 av 1\s000 sendt$/)).toBeTruthy();
    expect(source.closed).toBe(true);
    expect(screen.queryByRole("button", { name: "Pause" })).toBeNull();
    expect(screen.getByRole("button", { name: "Prøv feilede på nytt" })).toBeTruthy();
  });
});

describe("CampaignPage actions", () => {
  it("offers pause and cancel while sending, and the cancel dialog says how many deliveries it stops", async () => {
    const fetch = renderPage({
      "GET /api/v1/campaigns/7": () => campaign(),
      "POST /api/v1/campaigns/7/cancel": () => ({ campaign: campaign({ state: "cancelled" }), cancelledDeliveries: 700 }),
      "GET /api/v1/campaigns/7/status": () => status("cancelled", { total: 1000, sent: 300, cancelled: 700 }),
    });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    FakeEventSource.instances[0]!.emit("status", status("sending", { total: 1000, pending: 700, sent: 300 }));
    expect(await screen.findByRole("button", { name: "Pause" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Fortsett" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Prøv feilede på nytt" })).toBeNull();

    await userEvent.click(screen.getByRole("button", { name: "Avbryt kampanjen" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("700 leveranser som ikke er sendt ennå, blir avbrutt");
    await userEvent.click(within(dialog).getByRole("button", { name: "Ja, avbryt kampanjen" }));
    await waitFor(() => expect(fetch.calls.some((c) => c.key === "POST /api/v1/campaigns/7/cancel")).toBe(true));
  });

  it("offers resume and retry for a paused campaign with failures, and retry can resume too", async () => {
    const fetch = renderPage({
      "GET /api/v1/campaigns/7": () => campaign({ state: "paused", stateReason: "Feil lenke i e-posten" }),
      "POST /api/v1/campaigns/7/retry-failed": () => ({ campaign: campaign({ state: "sending" }), reset: 12 }),
    });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    FakeEventSource.instances[0]!.emit("status", status("paused", { total: 100, pending: 40, sent: 48, failed: 12 }));
    expect(await screen.findByRole("button", { name: "Fortsett" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Pause" })).toBeNull();
    expect(screen.getByText("Feil lenke i e-posten")).toBeTruthy();

    await userEvent.click(screen.getByRole("button", { name: "Prøv feilede på nytt" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toContain("12 leveranser som feilet");
    await userEvent.click(within(dialog).getByLabelText("Fortsett også sendingen"));
    await userEvent.click(within(dialog).getByRole("button", { name: "Prøv på nytt" }));
    await waitFor(() => expect(fetch.calls.find((c) => c.key === "POST /api/v1/campaigns/7/retry-failed")?.body).toEqual({ resume: true }));
  });

  it("schedules an approved campaign for its send time, naming the approved count", async () => {
    const approved = campaign({
      state: "approved", sendAt: "2030-03-01T08:00:00Z", launchedAt: null,
      approval: { ...campaign().approval, reasons: ["threshold"], submittedCount: 1190, approvedCount: 1200, approvedBy: 9, approvedAt: "2026-12-01T13:00:00Z" },
    });
    const fetch = renderPage({ "GET /api/v1/campaigns/7": () => approved, "GET /api/v1/campaigns/7/status": () => status("approved", {}), "POST /api/v1/campaigns/7/schedule": () => approved });
    expect(await screen.findByRole("button", { name: "Send nå" })).toBeTruthy();
    expect(FakeEventSource.instances).toHaveLength(0);
    await userEvent.click(screen.getByRole("button", { name: "Planlegg sending" }));
    const dialog = await screen.findByRole("dialog");
    expect(dialog.textContent).toMatch(/til 1\s200 mottakere/);
    await userEvent.click(within(dialog).getByRole("button", { name: "Planlegg kampanjen" }));
    await waitFor(() => expect(fetch.calls.find((c) => c.key === "POST /api/v1/campaigns/7/schedule")?.body).toEqual({ at: "2030-03-01T08:00:00Z" }));
  });

  it("sends a draft through the wizard's review step", async () => {
    renderPage({ "GET /api/v1/campaigns/7": () => campaign({ state: "draft", launchedAt: null }), "GET /api/v1/campaigns/7/status": () => status("draft", {}) });
    expect((await screen.findByRole("link", { name: "Gjennomgå og send" })).getAttribute("href")).toBe("/campaigns/7/edit");
    expect(screen.queryByRole("button", { name: "Send nå" })).toBeNull();
  });

  it("shows a viewer no actions", async () => {
    renderPage({ "GET /api/v1/campaigns/7": () => campaign(), "GET /api/v1/campaigns/7/status": () => status("sending", {}) }, "viewer");
    await screen.findByRole("heading", { level: 1, name: "Medlemsmøte" });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    FakeEventSource.instances[0]!.emit("status", status("sending", { total: 10, pending: 5, sent: 4, failed: 1 }));
    await screen.findByText(/^4 av 10 sendt$/);
    for (const name of ["Pause", "Avbryt kampanjen", "Prøv feilede på nytt"]) expect(screen.queryByRole("button", { name })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Leveranser" })).toBeNull();
  });
});

describe("when a running email campaign gets bounces and spam complaints", () => {
  it("should show the bounces beside the failures, warn above 0.1 % and say it paused itself above 0.3 %", async () => {
    let current = campaign();
    renderPage({ "GET /api/v1/campaigns/7": () => current });
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
    const source = FakeEventSource.instances[0]!;

    const bounces = { bounced: 4, bouncedByReason: { "bounce 5.1.1": 4 } };
    source.emit("status", status("sending", { total: 1000, pending: 496, sent: 500, ...bounces }, { complaints: { count: 1, rate: 0.002, level: "warn", warnAbove: 0.001, pauseAbove: 0.003 } }));
    expect(await screen.findByText("4 returnert")).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Hvorfor noen kom i retur" })).getByText("bounce 5.1.1")).toBeTruthy();
    expect(screen.getByText(/^Spamklager: 1 \(0,20\s%\)$/)).toBeTruthy();
    expect(screen.getByRole("status", { name: "Mange melder e-posten som spam" }).textContent).toContain("Gmail og Yahoo");
    expect(screen.queryByRole("alert")).toBeNull();

    // The server pauses the campaign; the stream says so, and the page fetches the campaign again.
    current = campaign({ state: "paused", stateReason: "Spamklager over 0,3 %" });
    source.emit("status", status("paused", { total: 1000, pending: 296, sent: 700, ...bounces }, { complaints: { count: 3, rate: 0.003_6, level: "pause", warnAbove: 0.001, pauseAbove: 0.003 } }));
    // By name: the campaign's own state reason is an alert too, once the campaign is fetched again.
    const alert = await screen.findByRole("alert", { name: "Kampanjen satte seg selv på pause" });
    expect(alert.textContent).toContain("Se på innholdet og målgruppen før du fortsetter");
    expect(screen.getByText(/^Spamklager: 3 \(0,36\s%\)$/)).toBeTruthy();
    expect(await screen.findByRole("button", { name: "Fortsett" })).toBeTruthy();
    expect(screen.getByText("Spamklager over 0,3 %")).toBeTruthy();
    // Bounces are final: nothing to retry.
    expect(screen.queryByRole("button", { name: "Prøv feilede på nytt" })).toBeNull();

    // The deliveries can be filtered to the bounced ones and by the bounce's code (the options
    // are in the document, still mid-transition for jsdom: hence `hidden`).
    await userEvent.click(screen.getByRole("combobox", { name: "Status" }));
    expect(await screen.findByRole("option", { name: "Returnert", hidden: true })).toBeTruthy();
    await userEvent.click(screen.getByRole("combobox", { name: "Årsak" }));
    expect(await screen.findByRole("option", { name: "bounce 5.1.1", hidden: true })).toBeTruthy();
  });
});
