// The pacer spreads sends evenly inside one process. Its clock is injected and the waiting is
// done with timers, so these tests run on vitest's fake timers: no real time passes.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Pacer } from "../../src/workers/pacer.ts";

let now = 0;
const clock = () => now;

/** Starts a wait and reports whether it has resolved, without awaiting it. */
function track(promise: Promise<void>): { done: () => boolean } {
  let resolved = false;
  void promise.then(() => (resolved = true));
  return { done: () => resolved };
}

/** Lets resolved promises run their callbacks. */
const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
});
afterEach(() => vi.useRealTimers());

describe("when sends come faster than the rate", () => {
  it("should let the first through at once and space the next ones 1/rate apart", async () => {
    const pacer = new Pacer(10, clock); // one per 100 ms
    const first = track(pacer.wait());
    const second = track(pacer.wait());
    const third = track(pacer.wait());
    await flush();
    expect(first.done()).toBe(true);
    expect(second.done()).toBe(false);

    await vi.advanceTimersByTimeAsync(99);
    expect(second.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second.done()).toBe(true);
    expect(third.done()).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(third.done()).toBe(true);
  });

  it("should keep a steady 50 ms gap at 20 per second over many sends", async () => {
    const pacer = new Pacer(20, clock);
    const waits = Array.from({ length: 20 }, () => track(pacer.wait()));
    await flush();
    for (let i = 0; i < 20; i++) {
      // After i gaps, exactly the first i+1 sends may have gone.
      expect(waits.filter((w) => w.done()).length).toBe(i + 1);
      await vi.advanceTimersByTimeAsync(50);
    }
  });
});

describe("when the sender was idle", () => {
  it("should not build up credit for a burst afterwards", async () => {
    const pacer = new Pacer(10, clock);
    await pacer.wait();
    now = 60_000; // a minute of silence
    const a = track(pacer.wait());
    const b = track(pacer.wait());
    await flush();
    expect(a.done()).toBe(true);
    expect(b.done()).toBe(false); // the second still waits one full gap
    await vi.advanceTimersByTimeAsync(100);
    expect(b.done()).toBe(true);
  });

  it("should not wait at all when each send comes a full gap after the last", async () => {
    const pacer = new Pacer(4, clock); // 250 ms
    for (let i = 0; i < 5; i++) {
      now = i * 250;
      const w = track(pacer.wait());
      await flush();
      expect(w.done()).toBe(true);
    }
  });
});

describe("when the rate is very high", () => {
  it("should never wait for gaps under a millisecond", async () => {
    const pacer = new Pacer(100_000, clock);
    const waits = Array.from({ length: 50 }, () => track(pacer.wait()));
    await flush();
    // 50 sends at 0.01 ms spacing span 0.49 ms: all go without a timer.
    expect(waits.every((w) => w.done())).toBe(true);
  });
});
