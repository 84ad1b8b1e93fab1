// The send rate of each channel, shared by every worker through Redis: a GCRA ("theoretical
// arrival time") per channel. A sub-batch reserves the slots of the messages it is about to send
// in one call, and each message waits for its own slot in-process, so sends are spread evenly
// across all workers. Only sends take slots: a job that starts and finds its campaign paused
// costs nothing, which is why this replaces BullMQ's per-job limiter (that counted job starts,
// so a paused campaign's jobs starved every other campaign on the channel).
//
// A provider that throttles us (429, SMTP 421) blocks the channel for everyone until its wait
// is over; later reservations start after the block.
import type { ChannelName } from "../channels/names.ts";
import type { RedisConnection } from "../queues/queues.ts";

export interface Reservation {
  /** Milliseconds from now until the first reserved slot. */
  startInMs: number;
  /** Milliseconds between two slots. */
  gapMs: number;
}

export interface RateLimiter {
  /** Reserves `count` consecutive send slots on the channel. */
  reserve(channel: ChannelName, count: number): Promise<Reservation>;
  /** Nobody sends on the channel for `ms` (a provider asked us to wait); never shortens a block. */
  block(channel: ChannelName, ms: number): Promise<void>;
  /** Milliseconds until the channel's block ends; 0 when it is not blocked. */
  blockedFor(channel: ChannelName): Promise<number>;
}

// KEYS: arrival time, block. ARGV: count, gap (ms, fractional). Redis's own clock, so every
// worker agrees on "now" whatever its machine's clock says.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 and now + blocked > tat then tat = now + blocked end
if tat < now then tat = now end
local start = tat - now
local nextTat = tat + tonumber(ARGV[1]) * tonumber(ARGV[2])
redis.call('SET', KEYS[1], tostring(nextTat), 'PX', math.ceil(nextTat - now) + 60000)
return tostring(start)`;

// KEYS: block. ARGV: ms.
const BLOCK = `
local left = redis.call('PTTL', KEYS[1])
if left < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) end
return 1`;

type Scripting = RedisConnection & {
  budstikkeReserve(arrivalKey: string, blockKey: string, count: number, gapMs: number): Promise<string>;
  budstikkeBlock(blockKey: string, ms: number): Promise<number>;
};

export function createRateLimiter(redis: RedisConnection, prefix: string, ratePerSecond: Readonly<Partial<Record<ChannelName, number>>>): RateLimiter {
  const scripting = redis as Scripting;
  if (!("budstikkeReserve" in redis)) {
    redis.defineCommand("budstikkeReserve", { numberOfKeys: 2, lua: RESERVE });
    redis.defineCommand("budstikkeBlock", { numberOfKeys: 1, lua: BLOCK });
  }
  // The prefix is the cluster hash tag, so these keys share the queues' slot.
  const arrivalKey = (channel: ChannelName) => `${prefix}:rate:${channel}`;
  const blockKey = (channel: ChannelName) => `${prefix}:rate-block:${channel}`;
  return {
    async reserve(channel, count) {
      const rate = ratePerSecond[channel];
      if (!rate) throw new Error(`no send rate configured for ${channel}`);
      const gapMs = 1000 / rate;
      const start = await scripting.budstikkeReserve(arrivalKey(channel), blockKey(channel), count, gapMs);
      return { startInMs: Number(start), gapMs };
    },
    async block(channel, ms) {
      await scripting.budstikkeBlock(blockKey(channel), Math.max(1, Math.ceil(ms)));
    },
    async blockedFor(channel) {
      return Math.max(0, await redis.pttl(blockKey(channel)));
    },
  };
}

/**
 * Resolves at `offsetMs` after `origin` (a performance.now() instant). When that has passed it
 * still yields to the event loop once, so a sub-batch's renders and sends are interleaved with
 * I/O (the acceptance recorder's timer, provider answers) instead of running as one long burst.
 */
export function waitUntil(origin: number, offsetMs: number): Promise<void> {
  const delay = origin + offsetMs - performance.now();
  return new Promise((resolve) => (delay >= 1 ? setTimeout(resolve, delay) : setImmediate(resolve)));
}
