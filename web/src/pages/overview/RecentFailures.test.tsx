// "Nylige feil" lists campaigns whose deliveries failed or bounced, with the most frequent
// reasons of both; campaigns where everything arrived stay out.
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import { campaign, status } from "../campaigns/page/fixtures.ts";
import { RecentFailures } from "./RecentFailures.tsx";

const BOUNCING = campaign({ id: 7, name: "Medlemsmøte" });
const FAILING = campaign({ id: 8, name: "Kursinvitasjon", state: "completed", completedAt: "2026-12-02T10:00:00Z" });
const CLEAN = campaign({ id: 9, name: "Tariffnytt", state: "completed", completedAt: "2026-12-02T11:00:00Z" });

const STATUSES: Record<string, unknown> = {
  7: status("sending", { total: 100, pending: 50, sent: 46, bounced: 4, bouncedByReason: { "bounce 5.1.1": 3, "bounce 5.1.10": 1 } }, { id: 7 }),
  8: status("completed", { total: 100, sent: 90, failed: 5, bounced: 5, failedByReason: { "421-4.7.0": 5 }, bouncedByReason: { "bounce 5.1.1": 5 } }, { id: 8 }),
  9: status("completed", { total: 100, sent: 100 }, { id: 9 }),
};

afterEach(() => vi.unstubAllGlobals());

describe("when campaigns have bounced deliveries", () => {
  it("should list them with their bounces and the most frequent reasons, and leave out clean campaigns", async () => {
    vi.stubGlobal(
      "fetch",
      fakeFetch({
        "GET /api/v1/campaigns": (_body, url) => {
          const state = url.searchParams.get("state");
          const items = state === "sending" ? [BOUNCING] : state === "completed" ? [FAILING, CLEAN] : [];
          return { items, nextCursor: null };
        },
        ...Object.fromEntries(Object.entries(STATUSES).map(([id, s]) => [`GET /api/v1/campaigns/${id}/status`, () => s])),
      }),
    );
    renderWithProviders(<RecentFailures />);
    const section = await screen.findByRole("region", { name: "Nylige feil" });
    const bouncing = (await within(section).findByRole("link", { name: "Medlemsmøte" })).closest("div")!.parentElement!;
    expect(within(bouncing).getByText("4 returnert")).toBeTruthy();
    expect(within(bouncing).getByText("bounce 5.1.1 (3), bounce 5.1.10 (1)")).toBeTruthy();
    const failing = within(section).getByRole("link", { name: "Kursinvitasjon" }).closest("div")!.parentElement!;
    expect(within(failing).getByText("5 feilet · 5 returnert")).toBeTruthy();
    expect(within(failing).getByText("421-4.7.0 (5), bounce 5.1.1 (5)")).toBeTruthy();
    expect(within(section).queryByRole("link", { name: "Tariffnytt" })).toBeNull();
  });
});
