// A campaign that draws spam complaints: its status names the rate and the level, and above
// COMPLAINT_PAUSE_RATE a campaign still sending pauses itself with the reason.
import { beforeAll, describe, expect, it } from "vitest";
import { complaintLevel, campaignStatus } from "../../src/campaigns/status.ts";
import { ManualClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { pseudonymsFromConfig } from "../../src/consent/pseudonyms.ts";
import { ingestInbound, type IngestDeps } from "../../src/inbound/ingest.ts";
import { createLogger } from "../../src/log.ts";
import { campaignWithDeliveries, seedMembers } from "../deliveries/support.ts";
import { arfFor } from "../support/bounce-messages.ts";
import { useTestDatabase } from "../support/db.ts";

const { db } = await useTestDatabase();
const config = loadConfig({ NODE_ENV: "test", SECRET_KEY: "complaint-pause-secret-key-0123456789ab", MAIL_FROM: "NTL <post@ntl.example.no>" });
const deps: IngestDeps = { db, config, clock: new ManualClock(new Date("2026-12-02T12:00:00Z")), logger: createLogger("silent"), pseudonyms: pseudonymsFromConfig(config) };
let campaignId: number;
let sent: Array<{ messageId: string; email: string }>;

beforeAll(async () => {
  await seedMembers(db, 700);
  ({ campaignId } = await campaignWithDeliveries(db, { channels: ["email"] }));
  await db.$executeRawUnsafe(`UPDATE delivery SET status = 'sent', sent_at = now(), provider_id = '<d' || id || '.c' || campaign_id || '@ntl.example.no>'`);
  const rows = await db.$queryRawUnsafe<Array<{ provider_id: string; email: string }>>(
    `SELECT d.provider_id, m.email FROM delivery d JOIN member m ON m.id = d.member_id WHERE m.email IS NOT NULL ORDER BY d.id`,
  );
  sent = rows.map((r) => ({ messageId: r.provider_id, email: r.email }));
});

const complain = (i: number) => ingestInbound(deps, Buffer.from(arfFor({ to: "fbl@ntl.example.no", originalMessageId: sent[i]!.messageId, recipient: sent[i]!.email })), { via: "webhook" });

describe("when the complaint rate rises during sending", () => {
  it("should warn above 0.1 % and pause the campaign itself above 0.3 %, saying why", async () => {
    expect(sent.length).toBeGreaterThan(500);
    expect((await complain(0)).kind).toBe("complaint");
    let status = await campaignStatus(db, campaignId, deps.clock, null, config);
    expect(status.complaints).toMatchObject({ count: 1, level: "warn", warnAbove: 0.001, pauseAbove: 0.003 });
    expect(status.state).toBe("sending");
    // The first count strictly above 0.3 % of the emails sent pauses it, not one before.
    const pauseAt = Math.floor(0.003 * sent.length) + 1;
    for (let i = 1; i < pauseAt - 1; i++) await complain(i);
    expect((await campaignStatus(db, campaignId, deps.clock, null, config)).state).toBe("sending");
    await complain(pauseAt - 1);
    status = await campaignStatus(db, campaignId, deps.clock, null, config);
    expect(status.complaints).toMatchObject({ count: pauseAt, level: "pause" });
    expect(status.state).toBe("paused");
    expect(status.stateReason).toMatch(new RegExp(`^complaint rate 0\\.\\d\\d% \\(${pauseAt} complaints\\) is above 0\\.3%`));
    const audit = await db.auditLog.findFirst({ where: { action: "campaign.pause" } });
    expect(audit).toMatchObject({ actor: "system:complaints" });
  });
});

describe("when the complaint level is judged", () => {
  it("should compare the rate with both limits, strictly above", () => {
    const limits = { COMPLAINT_WARN_RATE: 0.001, COMPLAINT_PAUSE_RATE: 0.003 };
    expect(complaintLevel(0, 0, limits)).toMatchObject({ rate: null, level: "ok" });
    expect(complaintLevel(1, 1000, limits).level).toBe("ok");
    expect(complaintLevel(2, 1000, limits).level).toBe("warn");
    expect(complaintLevel(3, 1000, limits).level).toBe("warn");
    expect(complaintLevel(4, 1000, limits).level).toBe("pause");
  });
});
