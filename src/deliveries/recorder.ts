// Records provider acceptances as soon as the provider answers. The window in which a crash can
// cause a duplicate is the time between a provider's "accepted" and the database knowing it, so
// that time is bounded by RECORD_FLUSH_MS, not by the slowest send of a batch: acceptances from
// every job of the process are coalesced into one UPDATE, at most one write per `flushMs`
// (sooner when `maxRows` are waiting), and a lone acceptance is written at once. A failed write
// is retried until it succeeds or the process dies: an acceptance we were told about is never
// dropped while the process lives.
import type { Logger } from "../log.ts";
import { applyPendingReports } from "./reports.ts";
import type { Sql } from "./sql.ts";

export interface Acceptance {
  id: bigint;
  /** The claim token; the write is fenced by it. */
  token: string;
  providerId: string;
  /** The channel's provider reports later (SMS): apply a report that arrived before this record. */
  statusReports: boolean;
}

export interface RecorderOptions {
  /** Longest an acceptance waits before its write starts (RECORD_FLUSH_MS). @defaultValue 25 */
  flushMs: number;
  /** Write at once when this many acceptances wait. @defaultValue 200 */
  maxRows?: number;
  /** Writes in flight at once; further acceptances wait for the next write. @defaultValue 4 */
  maxConcurrentWrites?: number;
  logger?: Logger;
}

interface Waiting {
  /** performance.now() when the provider's answer was handed to the recorder. */
  at: number;
  acceptance: Acceptance;
  resolve(recorded: boolean): void;
}

/**
 * Marks accepted rows `sent` with their provider id. Fenced by the claim token: a row that
 * another worker claimed after this worker's lease ran out is not touched (that worker sends it
 * again: the duplicate the fence cannot prevent, only make visible). Returns the ids written.
 * By primary key; the update changes no indexed column, so it is a HOT update.
 */
export const RECORD_SENT_SQL = `
  UPDATE delivery d SET status = 'sent', provider_id = s.provider_id, reason = NULL, sent_at = now(),
         lease_until = NULL, updated_at = now()
  FROM unnest($1::bigint[], $2::uuid[], $3::text[]) AS s(id, token, provider_id)
  WHERE d.id = s.id AND d.claim_token = s.token AND d.status = 'sending'
  RETURNING d.id`;

export async function recordSent(db: Sql, acceptances: readonly Acceptance[]): Promise<Set<bigint>> {
  const rows = await db.$queryRawUnsafe<Array<{ id: bigint }>>(
    RECORD_SENT_SQL, acceptances.map((a) => a.id), acceptances.map((a) => a.token), acceptances.map((a) => a.providerId),
  );
  return new Set(rows.map((r) => r.id));
}

export class AcceptanceRecorder {
  private readonly db: Sql;
  private readonly flushMs: number;
  private readonly maxRows: number;
  private readonly maxConcurrentWrites: number;
  private readonly logger: Logger | undefined;
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private readonly writes = new Set<Promise<void>>();
  private readonly reportWrites = new Set<Promise<void>>();
  private closed = false;
  private readonly latency = new LatencySample(2000);

  constructor(db: Sql, options: RecorderOptions) {
    this.db = db;
    this.flushMs = options.flushMs;
    this.maxRows = options.maxRows ?? 200;
    this.maxConcurrentWrites = options.maxConcurrentWrites ?? 4;
    this.logger = options.logger;
  }

  /** Resolves true once the row is recorded `sent`, false if its claim had been taken over. Never rejects. */
  record(acceptance: Acceptance): Promise<boolean> {
    if (this.closed) throw new Error("the acceptance recorder is closed");
    return new Promise<boolean>((resolve) => {
      this.waiting.push({ acceptance, resolve, at: performance.now() });
      this.schedule();
    });
  }

  /** Acceptances not yet written (for tests and shutdown logs). */
  get backlog(): number {
    return this.waiting.length;
  }

  /** Milliseconds from a provider's answer to its row being written, over the recent acceptances. */
  get recordLatency(): LatencySummary {
    return this.latency.summary();
  }

  /** Writes everything waiting, then waits for every write in flight. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.waiting.length > 0 || this.writes.size > 0 || this.reportWrites.size > 0) {
      this.flush();
      await Promise.allSettled([...this.writes, ...this.reportWrites]);
    }
  }

  /**
   * A write starts at once when the last one started at least `flushMs` ago (so a lone
   * acceptance is written without waiting), otherwise `flushMs` after it: at most one write per
   * interval, and no acceptance waits longer than one interval for its write to start.
   */
  private schedule(): void {
    if (this.waiting.length >= this.maxRows) return this.flush();
    if (this.timer) return;
    const dueIn = this.lastStart + this.flushMs - performance.now();
    if (dueIn <= 0) {
      this.timer = setImmediate(() => this.flush());
    } else {
      this.timer = setTimeout(() => this.flush(), dueIn);
    }
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer as NodeJS.Timeout);
      clearImmediate(this.timer as NodeJS.Immediate);
      this.timer = null;
    }
    if (this.waiting.length === 0) return;
    if (this.writes.size >= this.maxConcurrentWrites) return; // the next write to finish flushes again
    this.lastStart = performance.now();
    const batch = this.waiting.splice(0, this.maxRows);
    const write = this.write(batch).finally(() => {
      this.writes.delete(write);
      if (this.waiting.length > 0) this.schedule();
    });
    this.writes.add(write);
    if (this.waiting.length > 0) this.schedule();
  }

  private async write(batch: Waiting[]): Promise<void> {
    const acceptances = batch.map((w) => w.acceptance);
    let recorded: Set<bigint> | undefined;
    for (let attempt = 1; recorded === undefined; attempt++) {
      try {
        recorded = await recordSent(this.db, acceptances);
      } catch (error) {
        // The provider has these messages: keep trying while this process lives.
        const waitMs = Math.min(2000, 25 * 2 ** attempt);
        this.logger?.warn({ rows: batch.length, attempt, waitMs, err: (error as Error).message }, "recording sent deliveries failed; retrying");
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
    const lost = acceptances.filter((a) => !recorded.has(a.id));
    if (lost.length > 0) {
      this.logger?.warn({ deliveryIds: lost.map((a) => String(a.id)) }, "accepted by the provider after the claim was taken over");
    }
    const now = performance.now();
    for (const w of batch) {
      this.latency.add(now - w.at);
      w.resolve(recorded.has(w.acceptance.id));
    }
    const reported = acceptances.filter((a) => a.statusReports && recorded.has(a.id)).map((a) => a.id);
    if (reported.length > 0) this.applyReports(reported);
  }

  /**
   * Early status reports are applied after the write, outside its slot: the next acceptances'
   * write must not wait for them. Not fatal: the sweeper applies reports that are still waiting.
   */
  private applyReports(deliveryIds: bigint[]): void {
    const applying: Promise<void> = applyPendingReports(this.db, deliveryIds)
      .then(() => undefined)
      .catch((error: unknown) => this.logger?.warn({ err: (error as Error).message }, "applying early status reports failed"))
      .finally(() => this.reportWrites.delete(applying));
    this.reportWrites.add(applying);
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The most recent `size` values (a ring), summarised on demand. */
class LatencySample {
  private readonly values: number[] = [];
  private next = 0;
  private seen = 0;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  add(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
    this.seen++;
  }

  summary(): LatencySummary {
    const sorted = [...this.values].sort((a, b) => a - b);
    const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
    return { count: this.seen, p50: at(0.5), p99: at(0.99), max: Math.round(sorted[sorted.length - 1] ?? 0) };
  }
}
