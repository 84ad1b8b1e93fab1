// A first-available campaign's page says how its channels are used and shows the real split:
// the messages that went out (letters also while waiting for print) on each channel, in order.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render.tsx";
import { ChannelSplit, FirstAvailableNote } from "./channelMode.tsx";
import { counts, status } from "./fixtures.ts";

describe("a first-available campaign's page", () => {
  it("names the channel order and counts the messages per channel, rendered letters included", () => {
    const done = status("sending", {}, {
      channelMode: "first-available",
      channels: {
        email: counts({ total: 100, sent: 60, delivered: 10, bounced: 5, failed: 3, skipped: 22 }),
        sms: counts({ total: 30, sent: 12, skipped: 18 }),
        letter: counts({ total: 20, sent: 4, rendered: 6, skipped: 10 }),
      },
    });
    renderWithProviders(
      <>
        <FirstAvailableNote channels={["email", "sms", "letter"]} />
        <ChannelSplit channels={["email", "sms", "letter"]} status={done} />
      </>,
    );
    expect(screen.getByText("Første tilgjengelige kanal: e-post → SMS → brev")).toBeTruthy();
    const table = screen.getByRole("table", { name: "Faktisk fordeling per kanal" });
    const rows = within(table).getAllByRole("row").slice(1).map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
    expect(rows).toEqual([["E-post", "75"], ["SMS", "12"], ["Brev", "10"]]);
  });

  it("takes the server's split when it sends one", () => {
    const done = status("completed", { total: 10, sent: 10 }, { channelMode: "first-available", split: { email: 8 } });
    renderWithProviders(<ChannelSplit channels={["email"]} status={done} />);
    expect(within(screen.getByRole("table")).getByRole("row", { name: "E-post 8" })).toBeTruthy();
  });
});
