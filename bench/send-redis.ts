// Redis memory for the send benchmark. Two views, because the Redis server is shared (other
// runs, other queue prefixes): `INFO memory` for the whole server, and the sum of
// `MEMORY USAGE` over the keys of this run's prefix, which is what the campaign itself costs.
import { Redis } from "ioredis";

export interface ServerMemory {
  usedMemory: number;
  usedMemoryHuman: string;
}

export interface PrefixMemory {
  keys: number;
  bytes: number;
  /** Key count per kind: the part after `<prefix>:<queue>:`, with job ids collapsed to `<job>`. */
  byKind: Record<string, number>;
}

export class RedisProbe {
  private readonly redis: Redis;

  private readonly prefix: string;

  constructor(url: string, prefix: string) {
    this.prefix = prefix;
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
  }

  async server(): Promise<ServerMemory> {
    const info = await this.redis.info("memory");
    const field = (name: string) => new RegExp(`^${name}:(.*)$`, "m").exec(info)?.[1]?.trim() ?? "";
    return { usedMemory: Number(field("used_memory")), usedMemoryHuman: field("used_memory_human") };
  }

  /** Every key of the prefix, counted and sized (SCAN, never KEYS, so Redis is not blocked). */
  async prefixMemory(): Promise<PrefixMemory> {
    const result: PrefixMemory = { keys: 0, bytes: 0, byKind: {} };
    for await (const keys of this.scan()) {
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.memory("USAGE", key);
      const sizes = (await pipeline.exec()) ?? [];
      keys.forEach((key, i) => {
        result.keys++;
        result.bytes += Number(sizes[i]?.[1] ?? 0);
        const kind = this.kindOf(key);
        result.byKind[kind] = (result.byKind[kind] ?? 0) + 1;
      });
    }
    return result;
  }

  /** Deletes every key of the prefix; returns how many there were. */
  async deleteAll(): Promise<number> {
    let deleted = 0;
    for await (const keys of this.scan()) {
      if (keys.length) deleted += await this.redis.unlink(...keys);
    }
    return deleted;
  }

  close(): void {
    this.redis.disconnect();
  }

  private async *scan(): AsyncGenerator<string[]> {
    let cursor = "0";
    do {
      const [next, keys] = await this.redis.scan(cursor, "MATCH", `${this.prefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) yield keys;
    } while (cursor !== "0");
  }

  private kindOf(key: string): string {
    // <prefix>:<queue>:<rest>; a job hash is <prefix>:<queue>:<jobId> (+ ":lock" / ":logs").
    const [, queue = "?", ...rest] = key.slice(this.prefix.length).split(":");
    const known = new Set(["id", "meta", "events", "wait", "paused", "active", "delayed", "prioritized", "completed", "failed", "stalled-check", "limiter", "marker", "pc", "stalled", "de"]);
    const head = rest[0] ?? "";
    if (known.has(head) && rest.length === 1) return `${queue}:${head}`;
    return `${queue}:<job>${rest.length > 1 ? `:${rest.slice(1).join(":")}` : ""}`;
  }
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;
