// Bounced deliveries beside failed ones: their own column per channel, their own reasons (the
// codes from the bounce), their own share of the progress bar, and counted as settled.
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render.tsx";
import { ChannelCounts } from "./ChannelCounts.tsx";
import { ProgressSummary } from "./ProgressSummary.tsx";
import { totalsOf } from "./progress.ts";
import { counts, status } from "./fixtures.ts";

const BOUNCING = status("completed", {}, {
  channels: {
    email: counts({
      total: 100, sent: 80, delivered: 5, failed: 2, bounced: 7, skipped: 6,
      failedByReason: { "550-5.7.1": 2 }, bouncedByReason: { "bounce 5.1.1": 5, "bounce 5.2.2": 2 },
    }),
    sms: counts({ total: 10, sent: 9, bounced: 1, bouncedByReason: { "twilio 30005": 1 } }),
  },
});

describe("when deliveries bounced", () => {
  it("should count them per channel in a column beside failed, with a sum", () => {
    renderWithProviders(<ChannelCounts status={BOUNCING} />);
    const table = screen.getByRole("table", { name: "Leveranser per kanal og status" });
    const headers = within(table).getAllByRole("columnheader").map((h) => h.textContent);
    expect(headers.slice(headers.indexOf("Feilet"), headers.indexOf("Feilet") + 2)).toEqual(["Feilet", "Returnert"]);
    const column = headers.indexOf("Returnert");
    const cellIn = (rowName: string) => within(table).getByRole("row", { name: new RegExp(`^${rowName}`) }).querySelectorAll("th, td")[column];
    expect(cellIn("E-post")?.textContent).toBe("7");
    expect(cellIn("SMS")?.textContent).toBe("1");
    expect(cellIn("Sum")?.textContent).toBe("8");
  });

  it("should list the bounce reasons, summed over channels, as the codes that came back", () => {
    renderWithProviders(<ChannelCounts status={BOUNCING} />);
    const reasons = screen.getByRole("table", { name: "Hvorfor noen kom i retur" });
    const rows = within(reasons).getAllByRole("row").slice(1).map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
    expect(rows).toEqual([["bounce 5.1.1", "5"], ["bounce 5.2.2", "2"], ["twilio 30005", "1"]]);
    expect(within(reasons).getByText("bounce 5.1.1").tagName).toBe("CODE");
    // Failures stay where they were.
    expect(within(screen.getByRole("table", { name: "Hvorfor noen feilet" })).getByText("550-5.7.1")).toBeTruthy();
  });

  it("should show them in the summary and as their own part of the bar, in Norwegian and English", () => {
    const { unmount } = renderWithProviders(<ProgressSummary status={BOUNCING} />);
    expect(screen.getByText("8 returnert")).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: /^Returnert: / }).getAttribute("aria-valuenow")).toBe(String((8 / 110) * 100));
    unmount();
    renderWithProviders(<ProgressSummary status={BOUNCING} />, { language: "en" });
    expect(screen.getByText("8 bounced")).toBeTruthy();
  });

  it("should count them as settled, not as sent", () => {
    const totals = totalsOf(BOUNCING);
    expect(totals.sent).toBe(80 + 5 + 9);
    expect(totals.bounced).toBe(8);
    expect(totals.done).toBe(totals.total);
  });
});

describe("when nothing bounced", () => {
  it("should say so under the bounce reasons and not mention bounces in the summary", () => {
    const clean = status("completed", { total: 10, sent: 10 });
    renderWithProviders(
      <>
        <ChannelCounts status={clean} />
        <ProgressSummary status={clean} />
      </>,
    );
    expect(screen.queryByRole("table", { name: "Hvorfor noen kom i retur" })).toBeNull();
    expect(screen.getByRole("heading", { name: "Hvorfor noen kom i retur" })).toBeTruthy();
    expect(screen.queryByText(/returnert$/)).toBeNull();
  });
});
