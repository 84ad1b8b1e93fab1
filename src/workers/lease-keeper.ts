// The heartbeat of one batch job: every third of the lease it extends the claims of the rows the
// job still holds (claimed, not yet settled or recorded), so a slow relay never hands them to a
// second sender. If the worker dies, the heartbeat stops with it and the lease runs out.
import { renewLeases, type Claim } from "../deliveries/claims.ts";
import type { Sql } from "../db/sql.ts";
import type { Logger } from "../log.ts";

export class LeaseKeeper {
  private readonly held = new Map<bigint, string>();
  private readonly timer: NodeJS.Timeout;
  private readonly db: Sql;
  private readonly leaseMs: number;
  private readonly logger: Logger;

  constructor(db: Sql, leaseMs: number, logger: Logger) {
    this.db = db;
    this.leaseMs = leaseMs;
    this.logger = logger;
    this.timer = setInterval(() => void this.renew(), Math.max(50, Math.floor(leaseMs / 3)));
    this.timer.unref();
  }

  hold(claim: Claim): void {
    for (const row of claim.rows) this.held.set(row.id, claim.token);
  }

  release(id: bigint): void {
    this.held.delete(id);
  }

  get count(): number {
    return this.held.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async renew(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await renewLeases(this.db, [...this.held].map(([id, token]) => ({ id, token })), this.leaseMs);
    } catch (error) {
      // The next beat tries again; a lease only runs out after three missed beats.
      this.logger.warn({ rows: this.held.size, err: (error as Error).message }, "lease renewal failed");
    }
  }
}
