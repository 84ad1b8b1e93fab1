// The provider-event intake on a real database: what each verdict writes (delivery, suppression,
// invalid marker, ledger), once per idempotency key, and the soft-bounce count at chosen instants.
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ManualClock } from "../../src/clock.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { takeProviderEvent, type IntakeDeps } from "../../src/deliveries/provider-events.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { useTestDatabase, type TestDatabase } from "../support/db.ts";
import { campaignWithDeliveries, seedMembers } from "./support.ts";

let deps: IntakeDeps;
let emailDeliveries: Array<{ id: bigint; memberId: number; email: string }>;
let campaignId: number;
const config = loadConfig({ NODE_ENV: "test", SECRET_KEY: "provider-events-test-secret-0123456789", SOFT_BOUNCE_LIMIT: "3", SOFT_BOUNCE_WINDOW_DAYS: "30" });
const clock = new ManualClock(new Date("2026-12-02T10:00:00Z"));

const t: TestDatabase = await useTestDatabase();

beforeAll(async () => {
  deps = { db: t.db, pseudonyms: pseudonymsFromConfig(config), config };
  await seedMembers(t.db, 60);
  ({ campaignId } = await campaignWithDeliveries(t.db, { channels: ["email"] }));
  // As the recorder leaves them: sent, with the Message-ID as provider id.
  await t.db.$executeRawUnsafe(`UPDATE delivery SET status = 'sent', sent_at = now(), provider_id = '<d' || id || '.c' || campaign_id || '@ntl.example.no>'`);
  const rows = await t.db.delivery.findMany({ where: { campaignId }, orderBy: { id: "asc" }, select: { id: true, memberId: true } });
  const members = new Map((await t.db.member.findMany({ select: { id: true, email: true } })).map((m) => [m.id, m.email]));
  emailDeliveries = rows.filter((r) => members.get(r.memberId)).map((r) => ({ ...r, email: members.get(r.memberId)! }));
});

const suppressionOf = (email: string) =>
  t.db.suppression.findFirst({ where: { channel: "email", addressHash: deps.pseudonyms.address("email", email)!, liftedAt: null } });

describe("when a hard bounce names a sent delivery", () => {
  it("should mark the delivery bounced with the code, suppress the address and mark it invalid, once", async () => {
    const d = emailDeliveries[0]!;
    const event = { kind: "hard_bounce" as const, source: "inbound:file", channel: "email" as const, deliveryId: d.id, status: "5.1.1", idempotencyKey: "mid:<bounce-1@mx>", at: clock.now() };
    const first = await takeProviderEvent(deps, event);
    const second = await takeProviderEvent(deps, event);
    expect(first).toMatchObject({ duplicate: false, action: "suppressed", campaignId, memberId: d.memberId });
    expect(second).toMatchObject({ duplicate: true, action: "duplicate" });
    expect(await t.db.delivery.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: "bounced", reason: "bounce 5.1.1" });
    expect(await suppressionOf(d.email)).toMatchObject({ reason: "hard_bounce", source: "inbound:file:5.1.1" });
    expect((await t.db.member.findUniqueOrThrow({ where: { id: d.memberId } })).emailInvalidAt).toEqual(clock.now());
    expect(await t.db.providerEvent.count({ where: { idempotencyKey: "mid:<bounce-1@mx>" } })).toBe(1);
  });
});

describe("when soft bounces for one address arrive over time", () => {
  it("should count them and suppress at the third within 30 days, not counting older ones", async () => {
    const d = emailDeliveries[1]!;
    const soft = (key: string, at: string) =>
      takeProviderEvent(deps, { kind: "soft_bounce", source: "inbound:file", channel: "email", deliveryId: d.id, status: "4.2.2", idempotencyKey: key, at: new Date(at) });
    expect((await soft("s1", "2026-10-01T10:00:00Z")).action).toBe("counted");
    expect((await soft("s2", "2026-11-20T10:00:00Z")).action).toBe("counted"); // the first is 50 days older
    expect((await soft("s3", "2026-11-25T10:00:00Z")).action).toBe("counted");
    expect(await suppressionOf(d.email)).toBeNull();
    expect((await soft("s4", "2026-12-01T10:00:00Z")).action).toBe("suppressed");
    expect(await suppressionOf(d.email)).toMatchObject({ reason: "soft_bounce" });
    // A soft bounce never marks the address invalid nor the delivery bounced.
    expect((await t.db.member.findUniqueOrThrow({ where: { id: d.memberId } })).emailInvalidAt).toBeNull();
    expect((await t.db.delivery.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("sent");
  });
});

describe("when a member complains about a campaign's email", () => {
  it("should suppress the address and write an opt-out for the campaign's purpose on email, source complaint", async () => {
    const d = emailDeliveries[2]!;
    const result = await takeProviderEvent(deps, { kind: "complaint", source: "inbound:file", channel: "email", deliveryId: d.id, idempotencyKey: "arf-1", at: clock.now() });
    expect(result.action).toBe("opted_out");
    expect(await suppressionOf(d.email)).toMatchObject({ reason: "complaint" });
    const ledger = await t.db.consentEvent.findMany({ where: { memberId: d.memberId } });
    expect(ledger).toEqual([expect.objectContaining({ purpose: "information", channel: "email", action: "opt_out", source: "complaint", campaignId })]);
  });
});

describe("when an auto-reply or a carrier filter verdict comes in", () => {
  it("should record it and change nothing else", async () => {
    const d = emailDeliveries[3]!;
    expect((await takeProviderEvent(deps, { kind: "auto_reply", source: "inbound:file", channel: "email", deliveryId: d.id, idempotencyKey: "ooo-1", at: clock.now() })).action).toBe("recorded");
    expect(await suppressionOf(d.email)).toBeNull();
    expect((await t.db.delivery.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("sent");
  });
});

describe("when the verdict names an address that is not the member's current one", () => {
  it("should suppress that address but leave the member's own address valid", async () => {
    const d = emailDeliveries[4]!;
    await takeProviderEvent(deps, { kind: "hard_bounce", source: "smtp_refusal", channel: "email", deliveryId: d.id, address: "old.address@example.com", status: "5.1.1", at: clock.now(), settleDelivery: false });
    expect(await suppressionOf("old.address@example.com")).toMatchObject({ reason: "hard_bounce" });
    expect(await suppressionOf(d.email)).toBeNull();
    expect((await t.db.member.findUniqueOrThrow({ where: { id: d.memberId } })).emailInvalidAt).toBeNull();
    // settleDelivery: false — the sending worker settles its own row.
    expect((await t.db.delivery.findUniqueOrThrow({ where: { id: d.id } })).status).toBe("sent");
  });
});

describe("when the member registry sends a member a changed email address", () => {
  it("should lift that address's soft-bounce suppression, and only a soft-bounce one", async () => {
    const soft = "full.postkasse@example.com";
    const hard = "finnes.ikke@example.com";
    for (const [i, at] of ["2026-11-28", "2026-11-29", "2026-11-30"].entries()) {
      await takeProviderEvent(deps, { kind: "soft_bounce", source: "inbound:file", channel: "email", address: soft, status: "4.2.2", idempotencyKey: `lift-${i}`, at: new Date(at) });
    }
    await takeProviderEvent(deps, { kind: "hard_bounce", source: "inbound:file", channel: "email", address: hard, status: "5.1.1", at: clock.now() });
    expect(await suppressionOf(soft)).toMatchObject({ reason: "soft_bounce" });
    const header = "member_number,first_name,last_name,birth_date,email,mobile,address_line,postcode,city,municipality_number,status,joined_on,employer_org_number,employer_name,sector,agreement,workplace,position,language,branch\n";
    const [a, b] = await t.db.member.findMany({ orderBy: { id: "asc" }, take: 2 });
    const row = (m: typeof a, email: string) => `${m!.memberNumber},Ola,Nordmann,1970-01-01,${email},,Storgata 1,0155,OSLO,0301,active,2000-01-01,,,,,,,nb,A01\n`;
    await importMembersFromText(t.db, header + row(a, soft) + row(b, hard), { softBounceLift: { pseudonyms: deps.pseudonyms, at: clock.now() } });
    expect(await suppressionOf(soft)).toBeNull();
    expect(await t.db.suppression.findFirst({ where: { addressHash: deps.pseudonyms.address("email", soft)! } })).toMatchObject({ liftReason: "registry sent a changed address" });
    expect(await suppressionOf(hard)).toMatchObject({ reason: "hard_bounce" });
  });
});
