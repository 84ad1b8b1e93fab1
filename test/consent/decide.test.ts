// The whole matrix of issue 4's rules: every purpose × channel × member state.
import { describe, expect, it } from "vitest";
import type { SKIP_REASONS} from "../../src/consent/decide.ts";
import { decide, decideBatch, type Decision } from "../../src/consent/decide.ts";
import { recordConsentEvent, type ConsentEventInput } from "../../src/consent/ledger.ts";
import { createNewsletter } from "../../src/consent/newsletters.ts";
import { CHANNELS, PURPOSES, type ChannelName, type Purpose } from "../../src/consent/purposes.ts";
import { suppressAddress } from "../../src/consent/suppressions.ts";
import { useTestDatabase } from "../support/db.ts";
import { makeMember, pseudonymsFromConfig, testConfig } from "./support.ts";

const { db, url } = await useTestDatabase();
const config = testConfig(url);
const pseudonyms = pseudonymsFromConfig(config);
const at = new Date("2026-11-26T10:00:00Z");
const newsletter = await createNewsletter(db, { slug: "medlemsblad", name: "Medlemsbladet" });
const other = await createNewsletter(db, { slug: "ungdom", name: "Ungdom" });

type Event = Omit<ConsentEventInput, "memberId" | "source" | "actor" | "at">;
const subscribe: Event = { purpose: "newsletter", channel: "all", newsletterId: newsletter.id, action: "opt_in" };

interface State {
  name: string;
  member?: Parameters<typeof makeMember>[1];
  events?: Event[];
  suppress?: boolean;
  erase?: boolean;
  missing?: boolean;
  /** The expected reason, or null for allowed. */
  expect: (p: Purpose, c: ChannelName) => (typeof SKIP_REASONS)[number] | null;
}

// Every member but the "subscription" rows is subscribed to the newsletter, so the
// newsletter column shows the other rules rather than always "not_subscribed".
const STATES: State[] = [
  { name: "no refusals", events: [subscribe], expect: () => null },
  { name: "resigned", member: { status: "resigned" }, events: [subscribe], expect: (p) => (p === "service" ? null : "resigned") },
  { name: "global objection", events: [subscribe, { purpose: "all", channel: "all", action: "objection" }], expect: (p) => (p === "service" ? null : "objection") },
  { name: "art. 21 objection to campaigns", events: [subscribe, { purpose: "campaign", channel: "all", action: "objection" }], expect: (p) => (p === "campaign" ? "objection" : null) },
  { name: "opted out of campaign on all channels", events: [subscribe, { purpose: "campaign", channel: "all", action: "opt_out" }], expect: (p) => (p === "campaign" ? "opted_out_purpose" : null) },
  { name: "opted out of survey by sms only", events: [subscribe, { purpose: "survey", channel: "sms", action: "opt_out" }], expect: (p, c) => (p === "survey" && c === "sms" ? "opted_out_purpose" : null) },
  { name: "opted out of email for all purposes", events: [subscribe, { purpose: "all", channel: "email", action: "opt_out" }], expect: (p, c) => (p !== "service" && c === "email" ? "opted_out_channel" : null) },
  { name: "opted out, then back in", events: [subscribe, { purpose: "bargaining", channel: "all", action: "opt_out" }, { purpose: "bargaining", channel: "all", action: "opt_in" }], expect: () => null },
  { name: "newsletter withdrawn", events: [subscribe, { purpose: "newsletter", channel: "all", newsletterId: newsletter.id, action: "withdrawal" }], expect: (p) => (p === "newsletter" ? "opted_out_purpose" : null) },
  { name: "no subscription", events: [], expect: (p) => (p === "newsletter" ? "not_subscribed" : null) },
  { name: "subscribed to another newsletter", events: [{ purpose: "newsletter", channel: "all", newsletterId: other.id, action: "opt_in" }], expect: (p) => (p === "newsletter" ? "not_subscribed" : null) },
  { name: "subscribed by sms only", events: [{ purpose: "newsletter", channel: "sms", newsletterId: newsletter.id, action: "opt_in" }], expect: (p, c) => (p === "newsletter" && c !== "sms" ? "not_subscribed" : null) },
  { name: "addresses suppressed", events: [subscribe], suppress: true, expect: (_p, c) => (c === "letter" ? null : "suppressed") },
  { name: "no addresses", member: { email: null, mobile: null, addressLine: null, postcode: null, city: null }, events: [subscribe], expect: () => "no_address" },
  { name: "addresses marked invalid", member: { invalid: true }, events: [subscribe], expect: () => "address_invalid" },
  { name: "erased", events: [subscribe], erase: true, expect: () => "erased" },
  { name: "unknown member", missing: true, expect: () => "member_not_found" },
];

const members = new Map<string, number>();
for (const state of STATES) {
  if (state.missing) {
    members.set(state.name, 2_000_000_000);
    continue;
  }
  const id = await makeMember(db, state.member);
  let t = at.getTime() - 60_000 * 10;
  for (const e of state.events ?? []) {
    await recordConsentEvent(db, { ...e, memberId: id, source: "staff", actor: "test", at: new Date((t += 60_000)) });
  }
  if (state.suppress) {
    const m = await db.member.findUniqueOrThrow({ where: { id } });
    await suppressAddress(db, { channel: "email", address: m.email!.toUpperCase(), reason: "hard_bounce", at, pseudonyms });
    await suppressAddress(db, { channel: "sms", address: m.mobile!, reason: "sms_stop", at, pseudonyms });
  }
  if (state.erase) await db.erasedMember.create({ data: { memberId: id, erasedAt: at } });
  members.set(state.name, id);
}

const cases = STATES.flatMap((state) => PURPOSES.flatMap((purpose) => CHANNELS.map((channel) => ({ state, purpose, channel }))));

describe("when deciding every purpose × channel × state", () => {
  const batches = new Map<string, Map<number, Decision>>();
  const batch = async (purpose: Purpose, channel: ChannelName) => {
    const key = `${purpose}/${channel}`;
    if (!batches.has(key)) {
      batches.set(key, await decideBatch(db, [...members.values()], purpose, channel, at, { pseudonyms, newsletterId: newsletter.id }));
    }
    return batches.get(key)!;
  };

  it.each(cases.map((c) => [c.state.name, c.purpose, c.channel, c] as const))(
    "should decide %s / %s / %s by the rules",
    async (_name, purpose, channel, { state }) => {
      const id = members.get(state.name)!;
      const decision = (await batch(purpose, channel)).get(id);
      const reason = state.expect(purpose, channel);
      if (reason === null) {
        const m = await db.member.findUniqueOrThrow({ where: { id } });
        const address = channel === "email" ? m.email : channel === "sms" ? m.mobile : "Storgata 1\n5003 BERGEN";
        expect(decision).toEqual({ allowed: true, address });
      } else {
        expect(decision).toEqual({ allowed: false, reason });
      }
      // The single-member form gives the same answer as the batch.
      expect(await decide(db, id, purpose, channel, at, { pseudonyms, newsletterId: newsletter.id })).toEqual(decision);
    },
  );
});

describe("when a suppressed address moves to another member", () => {
  it("should stay suppressed for the new holder too", async () => {
    const first = await makeMember(db, { email: "flytter@example.no" });
    await suppressAddress(db, { channel: "email", address: " Flytter@Example.no ", reason: "complaint", at, pseudonyms });
    await db.member.update({ where: { id: first }, data: { email: "ny@example.no" } });
    const second = await makeMember(db, { email: "flytter@example.no" });
    const result = await decideBatch(db, [first, second], "information", "email", at, { pseudonyms });
    expect(result.get(first)).toEqual({ allowed: true, address: "ny@example.no" });
    expect(result.get(second)).toEqual({ allowed: false, reason: "suppressed" });
    // A suppression blocks even service messages.
    expect(await decide(db, second, "service", "email", at, { pseudonyms })).toEqual({ allowed: false, reason: "suppressed" });
  });
});

describe("when a worker decides a large batch", () => {
  it("should decide 500 members in one call, the same as one by one", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 500; i++) ids.push(await makeMember(db, { status: i % 7 === 0 ? "resigned" : "active" }));
    for (const id of ids.slice(0, 50)) {
      await recordConsentEvent(db, { memberId: id, purpose: "survey", channel: "all", action: "opt_out", source: "staff", actor: "test", at });
    }
    const result = await decideBatch(db, ids, "survey", "sms", at, { pseudonyms });
    expect(result.size).toBe(500);
    const reasons = [...result.values()].map((d) => (d.allowed ? "allowed" : d.reason));
    expect(reasons.filter((r) => r === "resigned").length).toBe(ids.filter((_, i) => i % 7 === 0).length);
    expect(reasons.filter((r) => r === "opted_out_purpose").length).toBe(ids.slice(0, 50).filter((_, i) => i % 7 !== 0).length);
    expect(await decide(db, ids[1]!, "survey", "sms", at, { pseudonyms })).toEqual(result.get(ids[1]!));
  });
});

describe("when the ledger is written", () => {
  it("should keep history unchangeable and the state at the latest event even if events arrive out of order", async () => {
    const id = await makeMember(db);
    const base = { memberId: id, purpose: "course" as const, channel: "all" as const, source: "staff" as const, actor: "test" };
    await recordConsentEvent(db, { ...base, action: "opt_out", at: new Date("2026-03-01T00:00:00Z") });
    const late = await recordConsentEvent(db, { ...base, action: "opt_in", at: new Date("2026-02-01T00:00:00Z") });
    expect(late.stateChanged).toBe(false);
    expect(await decide(db, id, "course", "email", at, { pseudonyms })).toEqual({ allowed: false, reason: "opted_out_purpose" });
    expect(await db.consentEvent.count({ where: { memberId: id } })).toBe(2);
    await expect(db.$executeRawUnsafe("UPDATE consent_event SET action = 'opt_in' WHERE member_id = $1", id)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe("DELETE FROM consent_event WHERE member_id = $1", id)).rejects.toThrow(/append-only/);
    await expect(recordConsentEvent(db, { ...base, purpose: "service", action: "opt_out", at })).rejects.toThrow(/service/);
  });
});
