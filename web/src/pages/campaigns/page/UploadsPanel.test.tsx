// The uploads panel: what is attached, an upload sent as text/csv, and the report of what it took
// and did not (unknown numbers, the template's missing column); no upload for a started campaign.
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Session } from "../../../api/session.tsx";
import { SessionProvider } from "../../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../../test/render.tsx";
import { campaign } from "./fixtures.ts";
import { UploadsPanel } from "./UploadsPanel.tsx";

vi.setConfig({ testTimeout: 30_000 });
afterEach(() => vi.unstubAllGlobals());

const SESSION: Session = {
  user: {
    id: 5, email: "kari@example.no", name: "Kari", role: "communicator", scope: { employers: [], branches: [] },
    disabled: false, totpEnabled: false, pendingSetup: false, lastLoginAt: null, createdAt: "2026-01-01T00:00:00Z",
  },
  csrfToken: "csrf", mustEnrolTotp: false, permissions: ["campaigns.read", "campaigns.write"],
};

function renderPanel(state: "draft" | "sending", put = vi.fn()) {
  const fetch = fakeFetch({
    "GET /api/v1/auth/me": () => SESSION,
    "GET /api/v1/campaigns/7/merge-data": () => ({ columns: [], rows: 0, templateColumns: ["ballot_url", "kid"], discarded: false }),
    "GET /api/v1/campaigns/7/audience-list": () => ({ audienceList: true, members: 0, discarded: false }),
    "PUT /api/v1/campaigns/7/merge-data": (body) => {
      put(body);
      return {
        campaignId: 7, columns: ["ballot_url"], templateColumnsMissing: ["kid"], rows: 3, accepted: 2, unknownCount: 1, unknownMemberNumbers: ["999"],
        duplicateCount: 0, duplicates: [], rejectedCount: 0, rejected: [], warnings: [], state: "draft", approvalVoided: true, unscheduled: false,
      };
    },
  });
  vi.stubGlobal("fetch", fetch);
  renderWithProviders(<SessionProvider><UploadsPanel campaign={campaign({ state, launchedAt: null })} /></SessionProvider>);
  return fetch;
}

describe("UploadsPanel", () => {
  it("uploads the chosen CSV as text/csv and shows what it took, the unknown numbers and the missing column", async () => {
    const put = vi.fn();
    const fetch = renderPanel("draft", put);
    expect(await screen.findByText("Ingen flettedata lastet opp.")).toBeTruthy();
    expect(screen.getByText("Malen bruker: merge.ballot_url, merge.kid")).toBeTruthy();
    expect(screen.getByText("Ingen liste lastet opp ennå.")).toBeTruthy();

    const csv = "member_number,ballot_url\n1,https://a\n2,https://b\n999,https://c\n";
    const input = document.querySelectorAll<HTMLInputElement>('input[type="file"]')[0]!;
    await userEvent.upload(input, new File([csv], "stemmer.csv", { type: "text/csv" }));
    await waitFor(() => expect(put).toHaveBeenCalledWith(csv));
    expect(fetch.calls.filter((c) => c.key === "PUT /api/v1/campaigns/7/merge-data")).toHaveLength(1);
    expect(await screen.findByText(/2 av 3 rader tatt med\./)).toBeTruthy();
    expect(screen.getByText("999")).toBeTruthy();
    expect(screen.getByText(/Malen bruker merge\.kid, som filen mangler/)).toBeTruthy();
    expect(screen.getByText(/Kampanjen er et utkast igjen/)).toBeTruthy();
  });

  it("offers no upload once the campaign has started", async () => {
    renderPanel("sending");
    expect(await screen.findByText("Ingen flettedata lastet opp.")).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Last opp flettedata (CSV)" })).toBeNull();
  });
});
