// A latch the IMAP poller sleeps on: new mail (EXISTS), a lost connection and stop() all ring
// it. A ring that comes while nobody waits is kept, so mail announced during a pass is not lost.

export class Wakeup {
  #rung = false;
  #wake: (() => void) | null = null;

  ring(): void {
    this.#rung = true;
    this.#wake?.();
  }

  /** Waits until rung (or already rung since the last wait) or `ms` passed; true when rung. */
  async wait(ms: number): Promise<boolean> {
    if (!this.#rung) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        timer = setTimeout(resolve, Math.max(0, ms));
      });
      clearTimeout(timer);
      this.#wake = null;
    }
    const rung = this.#rung;
    this.#rung = false;
    return rung;
  }
}
