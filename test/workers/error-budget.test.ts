// The error budget is pure: a sliding window of final outcomes per campaign, a minimum sample,
// and a share of failures above which the campaign must pause.
import { describe, expect, it } from "vitest";
import { ErrorBudget } from "../../src/workers/error-budget.ts";

const record = (budget: ErrorBudget, campaignId: number, outcomes: Array<string | null>) => {
  for (const o of outcomes) budget.record(campaignId, o);
};
const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);

describe("when fewer outcomes than the minimum sample are known", () => {
  it("should give no verdict even if every one failed", () => {
    const budget = new ErrorBudget({ share: 0.2, window: 100, minSample: 10 });
    record(budget, 1, times(9, "smtp_550_5.1.1"));
    expect(budget.exceeded(1)).toBeNull();
    budget.record(1, "smtp_550_5.1.1");
    expect(budget.exceeded(1)).toEqual({ failed: 10, total: 10, topReason: "smtp_550_5.1.1" });
  });

  it("should judge a window smaller than the minimum sample once the window is full", () => {
    const budget = new ErrorBudget({ share: 0.5, window: 4, minSample: 50 });
    record(budget, 1, ["x", "x", "x"]);
    expect(budget.exceeded(1)).toBeNull();
    budget.record(1, "x");
    expect(budget.exceeded(1)).toMatchObject({ failed: 4, total: 4 });
  });
});

describe("when the share of failures is at or above the limit", () => {
  it("should not trip at exactly the share, and trip just above it", () => {
    const budget = new ErrorBudget({ share: 0.2, window: 100, minSample: 10 });
    record(budget, 1, [...times(8, null), ...times(2, "smtp_554")]);
    expect(budget.exceeded(1)).toBeNull(); // 20% is allowed
    budget.record(1, "smtp_554");
    expect(budget.exceeded(1)).toEqual({ failed: 3, total: 11, topReason: "smtp_554" });
  });

  it("should name the most frequent failure reason", () => {
    const budget = new ErrorBudget({ share: 0.1, window: 100, minSample: 10 });
    record(budget, 7, [...times(10, null), "twilio_21211", "smtp_550_5.1.1", "smtp_550_5.1.1", "twilio_21211", "smtp_550_5.1.1"]);
    expect(budget.exceeded(7)?.topReason).toBe("smtp_550_5.1.1");
  });
});

describe("when old outcomes slide out of the window", () => {
  it("should forget failures older than the window", () => {
    const budget = new ErrorBudget({ share: 0.2, window: 10, minSample: 5 });
    record(budget, 1, times(10, "smtp_451"));
    expect(budget.exceeded(1)).toMatchObject({ failed: 10, total: 10 });
    record(budget, 1, times(8, null));
    // The window now holds 2 failures and 8 successes: 20%, not above the share.
    expect(budget.exceeded(1)).toBeNull();
    // Two new failures push the two oldest ones out: still 2 of 10.
    record(budget, 1, ["smtp_451", "smtp_451"]);
    expect(budget.exceeded(1)).toBeNull();
    budget.record(1, "smtp_451");
    expect(budget.exceeded(1)).toEqual({ failed: 3, total: 10, topReason: "smtp_451" });
  });
});

describe("when several campaigns send at once", () => {
  it("should keep their budgets apart, and reset only the one asked", () => {
    const budget = new ErrorBudget({ share: 0.2, window: 50, minSample: 5 });
    record(budget, 1, times(5, "smtp_550_5.1.1"));
    record(budget, 2, times(5, null));
    expect(budget.exceeded(1)).not.toBeNull();
    expect(budget.exceeded(2)).toBeNull();
    record(budget, 2, times(5, "x"));
    budget.reset(1);
    expect(budget.exceeded(1)).toBeNull();
    expect(budget.exceeded(2)).toMatchObject({ failed: 5, total: 10 });
  });

  it("should give no verdict for a campaign it never heard of", () => {
    expect(new ErrorBudget({ share: 0.2, window: 10, minSample: 5 }).exceeded(99)).toBeNull();
  });

  it("should give no verdict without outcomes even when no minimum sample is set", () => {
    // deliverBatch asks for a verdict after every sub-batch, also one whose sends were all
    // retried (nothing recorded), so an empty list must be a plain "no".
    expect(new ErrorBudget({ share: 0, window: 10, minSample: 0 }).exceeded(99)).toBeNull();
  });
});
