// The intake end of the fuzz: malformed MIME (random bytes, and the fixtures cut short, with
// bytes flipped or boundaries lost) goes through ingestInbound on a real database with a sent
// campaign. Nothing ever throws out of it, every result is one of the documented kinds, and
// nothing is suppressed, marked invalid or opted out.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { ingestInbound, type IngestDeps } from "../../src/inbound/ingest.ts";
import { createLogger } from "../../src/log.ts";
import { campaignWithDeliveries, seedMembers } from "../deliveries/support.ts";
import { useTestDatabase } from "../support/db.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/inbound");
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith(".eml")).sort().map((f) => readFileSync(join(FIXTURES, f)));
const { db } = await useTestDatabase();
const config = loadConfig({ NODE_ENV: "test", SECRET_KEY: "intake-fuzz-secret-key-0123456789abcdef", MAIL_FROM: "NTL <post@ntl.example.no>", BOUNCE_DOMAIN: "bounce.ntl.example.no" });
const deps: IngestDeps = { db, config, clock: new ManualClock(new Date()), logger: createLogger("silent"), pseudonyms: pseudonymsFromConfig(config) };
const KINDS = ["hard_bounce", "soft_bounce", "complaint", "unsubscribe", "auto_reply", "unmatched"];

beforeAll(async () => {
  await seedMembers(db, 40);
  await campaignWithDeliveries(db, { channels: ["email"] });
  await db.$executeRawUnsafe(`UPDATE delivery SET status = 'sent', sent_at = now(), provider_id = '<d' || id || '.c' || campaign_id || '@ntl.example.no>'`);
});

/** A fixture damaged: cut at a point, some bytes flipped to non-ASCII or control bytes, and its boundaries optionally dropped. */
const damaged = fc.record({
  fixture: fc.nat({ max: fixtures.length - 1 }), cut: fc.double({ min: 0.05, max: 1, noNaN: true }),
  flips: fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0x80, max: 0xff })), { maxLength: 20 }),
  dropBoundaries: fc.boolean(),
}).map(({ fixture, cut, flips, dropBoundaries }) => {
  let bytes = Buffer.from(fixtures[fixture]!.subarray(0, Math.max(1, Math.floor(fixtures[fixture]!.length * cut))));
  for (const [at, byte] of flips) bytes[Math.floor(at * bytes.length)] = byte;
  if (dropBoundaries) bytes = Buffer.from(bytes.toString("latin1").replace(/^--.*$/gm, ""), "latin1");
  return bytes;
});

describe("when malformed mail reaches the intake", () => {
  it("should never throw, and never suppress, mark or opt out anybody", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 4000 }).map((a) => Buffer.from(a)), damaged), async (raw) => {
        const result = await ingestInbound(deps, raw, { via: "file" });
        expect(KINDS).toContain(result.kind);
      }),
      { numRuns: 150 },
    );
    expect(await db.suppression.count()).toBe(0);
    expect(await db.member.count({ where: { OR: [{ emailInvalidAt: { not: null } }, { mobileInvalidAt: { not: null } }] } })).toBe(0);
    expect(await db.consentEvent.count()).toBe(0);
    expect(await db.delivery.count({ where: { status: "bounced" } })).toBe(0);
    // It all went somewhere a person can look: recorded events, quarantine for the unreadable.
    expect(await db.providerEvent.count()).toBeGreaterThan(0);
  }, 120_000);
});
