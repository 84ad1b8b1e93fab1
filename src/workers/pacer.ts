// Spreads sends evenly at a steady rate inside one process. BullMQ's limiter caps how many
// batch jobs start per interval across all workers; the pacer keeps a batch from bursting.
export class Pacer {
  private next = 0;
  private readonly gapMs: number;

  constructor(perSecond: number, private readonly now: () => number = () => performance.now()) {
    this.gapMs = 1000 / perSecond;
  }

  /** Resolves when the caller may send the next message. */
  async wait(): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.next);
    this.next = slot + this.gapMs;
    const delay = slot - now;
    if (delay >= 1) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
