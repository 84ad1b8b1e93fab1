// The exactly-once criterion of the crash tests: a message received twice is a duplicate unless
// its first copy was accepted within `windowMs` before a worker was killed (RECORD_FLUSH_MS +
// 50 ms: the acceptance had not reached the database yet, the one window the design leaves).

export interface DuplicateReport {
  /** Keys received more than once. */
  repeated: number;
  /** Of those, the ones whose first copy was accepted within the window before a kill. */
  inWindow: number;
  /** For those, how long before the kill the first copy was accepted (ms; negative: after it). */
  gaps: number[];
  /** The rest: real duplicates (must be none). */
  outside: Array<{ key: string; times: number[] }>;
}

/**
 * A provider may also accept a message a moment after the kill signal (its last bytes were on
 * the wire): such a first copy, up to `afterKillMs` after a kill, is the dying worker's too.
 */
export function duplicatesOutsideWindow(
  acceptances: Map<string, number[]>, kills: readonly number[], windowMs: number, afterKillMs = 500,
): DuplicateReport {
  const report: DuplicateReport = { repeated: 0, inWindow: 0, gaps: [], outside: [] };
  for (const [key, times] of acceptances) {
    if (times.length < 2) continue;
    report.repeated++;
    const first = Math.min(...times);
    const kill = kills.find((k) => first >= k - windowMs && first <= k + afterKillMs);
    if (kill === undefined) {
      report.outside.push({ key, times });
    } else {
      report.inWindow++;
      report.gaps.push(kill - first);
    }
  }
  return report;
}
