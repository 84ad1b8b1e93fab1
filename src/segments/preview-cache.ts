// A short-lived cache of segment previews. The segment builder asks for the same rules again and
// again (every edit re-previews, staff flip between variants, several people look at the same
// segment), and one preview of a 100,000-member register costs tens of milliseconds of database
// time. Identical requests within PREVIEW_TTL_MS share one answer, and identical requests in
// flight share one query (single flight). Entries are keyed by the rules, the scope and the
// evaluation date, so a steward never gets an answer computed for another scope. A member import
// or erasure in this process clears the cache; changes made by other processes show within the TTL.
import type { Clock } from "../clock.ts";
import { onMembersChanged } from "../members/changes.ts";

export const PREVIEW_TTL_MS = 15_000;
const MAX_ENTRIES = 1000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

export class PreviewCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly clock: Clock;
  private readonly ttlMs: number;
  constructor(clock: Clock, ttlMs = PREVIEW_TTL_MS) {
    this.clock = clock;
    this.ttlMs = ttlMs;
  }

  /** The cached answer for the key, or compute's (shared by concurrent callers; failures are not kept). */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const found = this.entries.get(key);
    if (found && now - found.at < this.ttlMs) return found.value;
    if (found) this.entries.delete(key);
    const value = compute();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    // Maps iterate in insertion order: the first key is the oldest.
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}

// One cache per database client (so tests on separate databases never share answers).
const caches = new WeakMap<object, PreviewCache<unknown>>();

export function previewCacheFor<T>(db: object, clock: Clock): PreviewCache<T> {
  let cache = caches.get(db);
  if (!cache) {
    const created = new PreviewCache<unknown>(clock);
    caches.set(db, created);
    onMembersChanged(db, () => created.clear());
    cache = created;
  }
  return cache as PreviewCache<T>;
}
