// Campaign lifecycle without workers: scheduling creates a delayed launch job whose delay comes
// from the injected clock; rescheduling replaces it and makes the old one stale; cancelling
// before the start removes it and creates no deliveries; state changes are guarded; the
// campaign definition and inline content are checked with clear messages.
import { afterAll, describe, expect, it } from "vitest";
import { CampaignInputError } from "../../src/campaigns/definition.ts";
import { launchCampaign } from "../../src/campaigns/launch.ts";
import {
  cancelCampaign, CampaignStateError, launchJobId, pauseCampaign, resumeCampaign, retryFailed, scheduleCampaign,
} from "../../src/campaigns/lifecycle.ts";
import { createCampaign, getCampaign } from "../../src/campaigns/store.ts";
import { ManualClock } from "../../src/clock.ts";
import { TemplateValidationError } from "../../src/templates/schema.ts";
import { startHarness, TEST_CONTENT } from "../support/pipeline-harness.ts";

const NOW = new Date("2026-11-30T10:00:00Z");
const HOUR = 3_600_000;
const clock = new ManualClock(NOW);
const h = await startHarness({ members: 40, clock, workers: false });
afterAll(() => h.close());

const lifecycle = h.pipeline.lifecycle;
const launchQueue = () => h.pipeline.queues.launch;

const definition = (overrides: Record<string, unknown> = {}) => ({
  name: "Uravstemning",
  purpose: "bargaining",
  audience: { rules: { field: "status", op: "in", value: ["active"] } },
  channels: ["email", "sms"],
  content: TEST_CONTENT,
  data: { deadline: "10. desember" },
  ...overrides,
});

async function problemsOf(input: unknown): Promise<string[]> {
  const error = await createCampaign(h.db, input, clock).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CampaignInputError);
  return (error as CampaignInputError).problems;
}

describe("when a campaign is scheduled for later", () => {
  let id: number;

  it("should add a delayed launch job whose delay is the time from the clock to sendAt", async () => {
    id = (await createCampaign(h.db, definition(), clock)).id;
    const at = new Date(NOW.getTime() + 2 * HOUR);
    const scheduled = await scheduleCampaign(lifecycle, id, at);
    expect(scheduled).toMatchObject({ state: "scheduled", scheduleVersion: 1 });
    expect(scheduled.sendAt).toEqual(at);

    const job = await launchQueue().getJob(launchJobId(await getCampaign(h.db, id), 1));
    expect(job).toBeDefined();
    expect(await job!.getState()).toBe("delayed");
    expect(job!.delay).toBe(2 * HOUR);
    expect(job!.data).toEqual({ campaignId: id, scheduleVersion: 1 });
  });

  it("should replace the job on reschedule, bump the schedule version, and ignore the stale job", async () => {
    clock.advance(15 * 60_000);
    const later = new Date(NOW.getTime() + 5 * HOUR);
    const rescheduled = await scheduleCampaign(lifecycle, id, later);
    expect(rescheduled).toMatchObject({ state: "scheduled", scheduleVersion: 2 });
    expect(rescheduled.sendAt).toEqual(later);

    expect(await launchQueue().getJob(launchJobId(await getCampaign(h.db, id), 1))).toBeUndefined();
    const job = await launchQueue().getJob(launchJobId(await getCampaign(h.db, id), 2));
    expect(await job!.getState()).toBe("delayed");
    expect(job!.delay).toBe(5 * HOUR - 15 * 60_000);
    expect(await launchQueue().getDelayedCount()).toBe(1);

    // Had the old job survived (e.g. a crash between the update and the removal), it does nothing.
    const stale = await launchCampaign(lifecycle, id, 1);
    expect(stale).toEqual({ launched: false, why: expect.stringContaining("schedule 2") });
    expect((await getCampaign(h.db, id)).state).toBe("scheduled");
    expect(await h.db.delivery.count({ where: { campaignId: id } })).toBe(0);
  });

  it("should remove the launch job and create no deliveries when cancelled before the start", async () => {
    const { campaign, cancelled } = await cancelCampaign(lifecycle, id);
    expect(campaign.state).toBe("cancelled");
    expect(cancelled).toBe(0);
    expect(await launchQueue().getJob(launchJobId(await getCampaign(h.db, id), 2))).toBeUndefined();
    expect(await launchQueue().getDelayedCount()).toBe(0);

    // Even the current job, were it to run, launches nothing.
    expect(await launchCampaign(lifecycle, id, 2)).toMatchObject({ launched: false });
    expect(await h.db.delivery.count({ where: { campaignId: id } })).toBe(0);
    expect((await getCampaign(h.db, id)).snapshotId).toBeNull();
    await expect(scheduleCampaign(lifecycle, id)).rejects.toThrow(CampaignStateError);
  });
});

describe("when a campaign is scheduled without a time", () => {
  it("should add a launch job that is due at once", async () => {
    const { id } = await createCampaign(h.db, definition(), clock);
    const scheduled = await scheduleCampaign(lifecycle, id);
    expect(scheduled.sendAt).toEqual(clock.now());
    const job = await launchQueue().getJob(launchJobId(await getCampaign(h.db, id), 1));
    expect(job!.delay).toBe(0);
    expect(await job!.getState()).toBe("waiting");
    await cancelCampaign(lifecycle, id);
  });
});

describe("when a state change does not fit the campaign's state", () => {
  it("should refuse with CampaignStateError and leave the campaign as it was", async () => {
    const { id } = await createCampaign(h.db, definition(), clock);
    await expect(pauseCampaign(lifecycle, id, "why not")).rejects.toThrow(/campaign \d+ is draft; pause needs it to be sending/);
    await expect(resumeCampaign(lifecycle, id)).rejects.toThrow(CampaignStateError);
    await expect(retryFailed(lifecycle, id)).rejects.toThrow(CampaignStateError);

    await scheduleCampaign(lifecycle, id);
    const launched = await launchCampaign(lifecycle, id, 1);
    expect(launched).toMatchObject({ launched: true });
    expect((await getCampaign(h.db, id)).state).toBe("sending");

    const error = await scheduleCampaign(lifecycle, id, new Date(NOW.getTime() + HOUR)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CampaignStateError);
    expect((error as Error).message).toBe(`campaign ${id} is sending; schedule needs it to be draft or scheduled`);
    const after = await getCampaign(h.db, id);
    expect(after).toMatchObject({ state: "sending", scheduleVersion: 1 });
    expect(await launchQueue().getJob(launchJobId(await getCampaign(h.db, id), 2))).toBeUndefined();
    await expect(resumeCampaign(lifecycle, id)).rejects.toThrow(/is sending; resume needs it to be paused/);

    // A second run of the same launch job changes nothing.
    const deliveries = await h.db.delivery.count({ where: { campaignId: id } });
    expect(deliveries).toBeGreaterThan(0);
    expect(await launchCampaign(lifecycle, id, 1)).toMatchObject({ launched: false });
    expect(await h.db.delivery.count({ where: { campaignId: id } })).toBe(deliveries);

    await cancelCampaign(lifecycle, id);
    await expect(cancelCampaign(lifecycle, id)).rejects.toThrow(/is cancelled; cancel needs it/);
  });
});

describe("when a campaign definition is invalid", () => {
  it("should refuse both templateId and content", async () => {
    expect(await problemsOf(definition({ templateId: 1 }))).toEqual(["templateId: give exactly one of templateId and content"]);
  });

  it("should refuse neither templateId nor content", async () => {
    expect(await problemsOf(definition({ content: undefined }))).toEqual(["templateId: give exactly one of templateId and content"]);
  });

  it("should refuse an unknown purpose and name the known ones", async () => {
    const [problem] = await problemsOf(definition({ purpose: "spam" }));
    expect(problem).toMatch(/^purpose: /);
    expect(problem).toContain("bargaining");
  });

  it("should refuse an empty or repeated channel list", async () => {
    expect(await problemsOf(definition({ channels: [] }))).toEqual(["channels: name at least one channel"]);
    expect(await problemsOf(definition({ channels: ["sms", "sms"] }))).toEqual(["channels: lists a channel twice"]);
    expect((await problemsOf(definition({ channels: ["fax"] })))[0]).toMatch(/^channels\.0: /);
  });

  it("should refuse a sendAt that is not ISO 8601 with an offset", async () => {
    for (const sendAt of ["2026-12-01 09:00", "2026-12-01T09:00:00", "1. desember kl. 9"]) {
      expect(await problemsOf(definition({ sendAt }))).toEqual(["sendAt: Invalid ISO datetime"]);
    }
  });

  it("should list every problem at once, and say so in its message", async () => {
    const error = await createCampaign(h.db, definition({ name: "", channels: [], templateId: 3 }), clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CampaignInputError);
    expect((error as CampaignInputError).problems).toHaveLength(3);
    expect((error as Error).message).toMatch(/^Invalid campaign:\n {2}- name: must not be empty\n/);
  });

  it("should refuse an audience with a bad rule or an unknown segment", async () => {
    const [rule] = await problemsOf(definition({ audience: { rules: { field: "shoeSize", op: "eq", value: 44 } } }));
    expect(rule).toMatch(/^audience\.rules\..*unknown field "shoeSize"/);
    expect(await problemsOf(definition({ audience: { segmentId: 999 } }))).toEqual(["audience.segmentId: no segment 999"]);
  });

  it("should refuse a template id that does not exist", async () => {
    expect(await problemsOf(definition({ content: undefined, templateId: 4242 }))).toEqual(["templateId: no template 4242"]);
  });

  it("should create nothing when refused", async () => {
    const before = await h.db.campaign.count();
    await problemsOf(definition({ purpose: "spam" }));
    expect(await h.db.campaign.count()).toBe(before);
  });
});

describe("when inline content fails the template checks", () => {
  it("should refuse an unknown variable, with where it is", async () => {
    const bad = definition({ content: { ...TEST_CONTENT, sms: { body: "Hei {{member.shoeSize}}" } } });
    const error = await createCampaign(h.db, bad, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateValidationError);
    const problems = (error as TemplateValidationError).problems;
    expect(problems).toContainEqual(expect.objectContaining({ channel: "sms", field: "body", line: 1 }));
    expect((error as Error).message).toContain("member.shoeSize");
  });

  it("should refuse broken Handlebars syntax in the email subject", async () => {
    const bad = definition({ content: { ...TEST_CONTENT, email: { ...TEST_CONTENT.email, subject: "Hei {{#if member.firstName}}" } } });
    const error = await createCampaign(h.db, bad, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateValidationError);
    expect((error as Error).message).toMatch(/Handlebars syntax error/);
  });

  it("should create neither a template nor a campaign", async () => {
    const [templates, campaigns] = [await h.db.template.count(), await h.db.campaign.count()];
    await createCampaign(h.db, definition({ content: { sms: { body: "{{member.shoeSize}}" } } }), clock).catch(() => undefined);
    expect([await h.db.template.count(), await h.db.campaign.count()]).toEqual([templates, campaigns]);
  });
});

describe("when inline content lacks a channel the campaign sends on", () => {
  it("should refuse it as the templateId path does, instead of failing every delivery at send time", async () => {
    const campaigns = await h.db.campaign.count();
    const error = await createCampaign(h.db, definition({ content: { sms: TEST_CONTENT.sms } }), clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CampaignInputError);
    expect((error as CampaignInputError).problems.join("\n")).toMatch(/email/);
    expect(await h.db.campaign.count()).toBe(campaigns);
  });
});

describe("when two databases share one Redis", () => {
  it("should give the same campaign id different job ids, so BullMQ never drops one as a duplicate", () => {
    const a = launchJobId({ id: 1, createdAt: new Date("2026-11-26T07:00:00Z") }, 1);
    const b = launchJobId({ id: 1, createdAt: new Date("2026-11-26T07:05:00Z") }, 1);
    expect(a).not.toBe(b);
  });
});
