// The spam complaint line and its alerts: the rate formatted for the language, a yellow alert
// at "warn", a red one at "pause" that says whether the campaign paused itself, and nothing at
// all for a campaign without email.
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { renderWithProviders } from "../../../test/render.tsx";
import { ComplaintRate } from "./ComplaintRate.tsx";
import { counts, status } from "./fixtures.ts";
import type { CampaignStatus } from "./types.ts";

const normalSpaces = (text: string | null) => (text ?? "").replace(/\s/g, " ");

function withComplaints(state: string, complaints: CampaignStatus["complaints"]): CampaignStatus {
  return status(state, { total: 1000, sent: 500 }, { complaints });
}

describe("when the complaint rate is under the warning limit", () => {
  it("should show the count and the rate with two decimals and no alert", () => {
    renderWithProviders(<ComplaintRate status={withComplaints("sending", { count: 0, rate: 0, level: "ok", warnAbove: 0.001, pauseAbove: 0.003 })} />);
    expect(normalSpaces(screen.getByText(/^Spamklager:/).textContent)).toBe("Spamklager: 0 (0,00 %)");
    expect(normalSpaces(screen.getByText(/^Gmail og Yahoo krever under/).textContent)).toBe(
      "Gmail og Yahoo krever under 0,1 %. Over 0,3 % setter kampanjen seg selv på pause.",
    );
    expect(screen.queryByRole("alert")).toBeNull();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("should show the count without a rate before any email is sent", () => {
    renderWithProviders(<ComplaintRate status={withComplaints("launching", { count: 0, rate: null, level: "ok", warnAbove: 0.001, pauseAbove: 0.003 })} />);
    expect(screen.getByText(/^Spamklager:/).textContent).toBe("Spamklager: 0");
  });
});

describe("when the complaint rate is above the warning limit", () => {
  it("should show a yellow alert saying mailbox providers start filtering above 0.1 %", () => {
    renderWithProviders(<ComplaintRate status={withComplaints("sending", { count: 3, rate: 0.0015, level: "warn", warnAbove: 0.001, pauseAbove: 0.003 })} />);
    expect(normalSpaces(screen.getByText(/^Spamklager:/).textContent)).toBe("Spamklager: 3 (0,15 %)");
    const alert = screen.getByRole("status");
    expect(alert.textContent).toContain("Mange melder e-posten som spam");
    expect(normalSpaces(alert.textContent)).toContain("Over 0,1 % av e-postene er meldt som spam");
    expect(alert.textContent).toContain("Gmail og Yahoo");
    expect(alert.getAttribute("style")).toContain("yellow");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("should say it in English when English is chosen", () => {
    renderWithProviders(<ComplaintRate status={withComplaints("sending", { count: 3, rate: 0.0015, level: "warn", warnAbove: 0.001, pauseAbove: 0.003 })} />, { language: "en" });
    expect(screen.getByText(/^Spam complaints:/).textContent).toBe("Spam complaints: 3 (0.15%)");
    expect(screen.getByRole("status").textContent).toContain("Above this limit mailbox providers such as Gmail and Yahoo start filtering");
  });
});

describe("when the complaint rate is above the pause limit", () => {
  it("should say in a red alert that the campaign paused itself and what to look at before resuming", () => {
    renderWithProviders(<ComplaintRate status={withComplaints("paused", { count: 3, rate: 0.006, level: "pause", warnAbove: 0.001, pauseAbove: 0.003 })} />);
    expect(normalSpaces(screen.getByText(/^Spamklager:/).textContent)).toBe("Spamklager: 3 (0,60 %)");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Kampanjen satte seg selv på pause");
    expect(alert.getAttribute("style")).toContain("red");
    expect(normalSpaces(alert.textContent)).toContain("Over 0,3 % av e-postene er meldt som spam");
    expect(alert.textContent).toContain("Se på innholdet og målgruppen før du fortsetter");
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("should tell an English reader the same", () => {
    renderWithProviders(<ComplaintRate status={withComplaints("paused", { count: 3, rate: 0.006, level: "pause", warnAbove: 0.001, pauseAbove: 0.003 })} />, { language: "en" });
    expect(screen.getByText(/^Spam complaints:/).textContent).toBe("Spam complaints: 3 (0.60%)");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("The campaign paused itself");
    expect(alert.textContent).toContain("Look at the content and the audience before you resume");
  });

  it("should not claim a pause for a campaign that has completed", () => {
    renderWithProviders(<ComplaintRate status={withComplaints("completed", { count: 4, rate: 0.008, level: "pause", warnAbove: 0.001, pauseAbove: 0.003 })} />);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("For mange melder e-posten som spam");
    expect(alert.textContent).not.toContain("satte seg selv på pause");
    expect(alert.textContent).toContain("Se på innholdet og målgruppen før neste utsending");
  });
});

describe("when the campaign sends no email", () => {
  it("should show no complaint line", () => {
    const sms = status("sending", {}, { channels: { sms: counts({ total: 10, sent: 10 }) }, complaints: { count: 0, rate: null, level: "ok", warnAbove: 0.001, pauseAbove: 0.003 } });
    renderWithProviders(<ComplaintRate status={sms} />);
    expect(screen.queryByText(/Spamklager/)).toBeNull();
  });
});
