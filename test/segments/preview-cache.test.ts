import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { membersChanged } from "../../src/members/changes.ts";
import { PREVIEW_TTL_MS, PreviewCache, previewCacheFor } from "../../src/segments/preview-cache.ts";

describe("when the same preview is asked for again", () => {
  it("should compute it once within the TTL, share it in flight, and compute again after", async () => {
    const clock = new ManualClock(new Date("2026-12-01T10:00:00Z"));
    const cache = new PreviewCache<number>(clock);
    let computed = 0;
    const compute = async () => ++computed;
    const [a, b] = await Promise.all([cache.get("k", compute), cache.get("k", compute)]);
    expect([a, b, computed]).toEqual([1, 1, 1]);
    clock.advance(PREVIEW_TTL_MS - 1);
    expect(await cache.get("k", compute)).toBe(1);
    expect(await cache.get("other", compute)).toBe(2);
    clock.advance(1);
    expect(await cache.get("k", compute)).toBe(3);
  });

  it("should not keep a failure", async () => {
    const cache = new PreviewCache<number>(new ManualClock(new Date()));
    await expect(cache.get("k", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await cache.get("k", async () => 7)).toBe(7);
  });

  it("should forget everything when the members of that database change", async () => {
    const db = {};
    const cache = previewCacheFor<number>(db, new ManualClock(new Date()));
    expect(await cache.get("k", async () => 1)).toBe(1);
    membersChanged({});
    expect(await cache.get("k", async () => 2)).toBe(1);
    membersChanged(db);
    expect(await cache.get("k", async () => 3)).toBe(3);
  });
});
