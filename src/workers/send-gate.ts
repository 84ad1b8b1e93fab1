// A limit on the sends in flight per channel in one worker process. Rows are claimed a sub-batch
// at a time per job, but a message is composed only when it may go out: with 4 jobs of 50 rows
// and an SMTP pool of 20 connections, composing all 200 at once would keep 180 rendered
// messages (and their MIME trees) waiting, long enough to be promoted to the old generation.
export class SendGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = Math.max(1, limit);
  }

  /** Runs `task` when fewer than `limit` tasks run; first come, first served. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
