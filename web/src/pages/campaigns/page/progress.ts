// Totals of a campaign's status over its channels: what the progress bar, the counts and the
// chart show. "Sent" includes delivered (a delivered message was sent first) but not bounced:
// a bounced message left, came back for good and reached nobody.
import type { CampaignStatus, ChannelCounts, ReasonKind } from "./types.ts";

export interface Totals {
  total: number;
  pending: number;
  sending: number;
  /** Sent or delivered. */
  sent: number;
  delivered: number;
  failed: number;
  /** Sent, then came back for good (a DSN or NDR). */
  bounced: number;
  skipped: number;
  cancelled: number;
  /** Settled one way or another: sent, failed, bounced, skipped or cancelled. */
  done: number;
}

export function channelTotals(c: ChannelCounts): Totals {
  const sent = c.sent + c.delivered;
  return {
    total: c.total, pending: c.pending, sending: c.sending, sent, delivered: c.delivered, failed: c.failed, bounced: c.bounced,
    skipped: c.skipped, cancelled: c.cancelled, done: sent + c.failed + c.bounced + c.skipped + c.cancelled,
  };
}

export function totalsOf(status: CampaignStatus): Totals {
  const sum: Totals = { total: 0, pending: 0, sending: 0, sent: 0, delivered: 0, failed: 0, bounced: 0, skipped: 0, cancelled: 0, done: 0 };
  for (const counts of Object.values(status.channels)) {
    const t = channelTotals(counts);
    for (const key of Object.keys(sum) as Array<keyof Totals>) sum[key] += t[key];
  }
  return sum;
}

/** Reasons of one kind or more (failed and bounced, say) summed over channels, most frequent first. */
export function reasonsOf(status: CampaignStatus, ...kinds: [ReasonKind, ...ReasonKind[]]): Array<{ reason: string; count: number }> {
  const sums = new Map<string, number>();
  for (const counts of Object.values(status.channels)) {
    for (const kind of kinds) {
      for (const [reason, n] of Object.entries(counts[kind])) sums.set(reason, (sums.get(reason) ?? 0) + n);
    }
  }
  return [...sums].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** A share from 0 to 100 for a progress bar section. */
export const percentOf = (part: number, whole: number): number => (whole > 0 ? Math.min(100, (part / whole) * 100) : 0);
