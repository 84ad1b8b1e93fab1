// The error budget: when more than `share` of the last `window` final outcomes of a campaign
// failed, the campaign pauses itself (listmonk keeps the same idea in one small file).
// Kept per worker process: it reacts to what this worker sees, which is enough to stop a
// broken provider or a bad list quickly.

export interface ErrorBudgetSettings {
  /** Share of failures (0–1) that trips the budget. */
  share: number;
  /** How many recent final outcomes are considered. */
  window: number;
  /** No verdict before this many outcomes, so two early bounces do not pause a campaign. */
  minSample: number;
}

export interface BudgetVerdict {
  failed: number;
  total: number;
  topReason: string;
}

export class ErrorBudget {
  private readonly outcomes = new Map<number, Array<string | null>>();

  private readonly settings: ErrorBudgetSettings;

  constructor(settings: ErrorBudgetSettings) {
    this.settings = settings;
  }

  /** Records a final outcome: null for success, a reason code for a failure. */
  record(campaignId: number, failure: string | null): void {
    const list = this.outcomes.get(campaignId) ?? [];
    list.push(failure);
    if (list.length > this.settings.window) list.splice(0, list.length - this.settings.window);
    this.outcomes.set(campaignId, list);
  }

  /** The verdict when the budget is exceeded, else null. */
  exceeded(campaignId: number): BudgetVerdict | null {
    const list = this.outcomes.get(campaignId) ?? [];
    if (list.length === 0 || list.length < Math.min(this.settings.minSample, this.settings.window)) return null;
    const failures = list.filter((f): f is string => f !== null);
    if (failures.length / list.length <= this.settings.share) return null;
    const counts = new Map<string, number>();
    for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
    const topReason = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
    return { failed: failures.length, total: list.length, topReason };
  }

  /** Forget a campaign's history (after staff resume it). */
  reset(campaignId: number): void {
    this.outcomes.delete(campaignId);
  }
}
