// Everything an end-to-end delivery test needs, all real and on loopback: a cloned PostgreSQL
// database with generated members, a Redis queue prefix of its own, the SMTP sink, the Twilio
// fake driven through the real SDK, the pipeline with fast test settings, and the HTTP app for
// provider callbacks. Nothing in product code knows it is being tested.
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock, type Clock } from "../../src/clock.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { scheduleCampaign } from "../../src/campaigns/lifecycle.ts";
import { campaignStatus, type CampaignStatus } from "../../src/campaigns/status.ts";
import { createCampaign } from "../../src/campaigns/store.ts";
import type { Db } from "../../src/db/client.ts";
import { buildApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/log.ts";
import { generateMembersCsv } from "../../src/members/generate.ts";
import { importMembersFromText } from "../../src/members/import.ts";
import { createPipeline, type Pipeline } from "../../src/workers/pipeline.ts";
import type { PipelineSettings } from "../../src/workers/settings.ts";
import { useTestDatabase } from "./db.ts";
import { deleteQueueKeys } from "./queue-keys.ts";
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from "./smtp-sink.ts";
import { startTwilioFake, type TwilioFake } from "./twilio-fake.ts";

export const PUBLIC_URL = "https://budstikke.test";

/** Fast settings: quick retries, sweeps and crash recovery, no quiet hours, no rate limit to speak of. */
export const TEST_SETTINGS: Partial<PipelineSettings> = {
  batchSize: 50,
  subBatchSize: 10,
  jobConcurrency: 2,
  ratePerSecond: { email: 100_000, sms: 100_000 },
  retryBaseMs: 50,
  retryMaxMs: 500,
  claimLeaseMs: 1000,
  lockDurationMs: 3000,
  sweepIntervalMs: 1000,
  throttleBackoffMs: 500,
  quietHours: null,
};

export const TEST_CONTENT = {
  email: {
    subject: "Hei {{member.firstName}}",
    mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>Hei {{member.firstName}}, frist {{data.deadline}}.</mj-text></mj-column></mj-section></mj-body></mjml>`,
  },
  sms: { body: "Hei {{member.firstName}}, frist {{data.deadline}}" },
};

export interface Harness {
  db: Db;
  databaseUrl: string;
  config: Config;
  clock: Clock;
  sink: SmtpSink;
  twilio: TwilioFake;
  pipeline: Pipeline;
  queuePrefix: string;
  /** Creates a campaign to every generated member by email and SMS, and schedules it now. */
  launch(overrides?: Record<string, unknown>): Promise<number>;
  /** Polls campaign status until the predicate holds (deadline, no fixed sleeps). */
  waitFor(campaignId: number, predicate: (s: CampaignStatus) => boolean, timeoutMs?: number): Promise<CampaignStatus>;
  /** Config as environment variables, for starting a worker in a child process. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  members?: number;
  sink?: SmtpSinkOptions;
  settings?: Partial<PipelineSettings>;
  clock?: Clock;
  /** Start workers in this process (default true). */
  workers?: boolean;
  /** A Redis of the test's own (default REDIS_URL or the local one). */
  redisUrl?: string;
  /** Seeds of a Redis Cluster instead (REDIS_CLUSTER_NODES). */
  redisClusterNodes?: string[];
  /** Extra environment for the configuration (and for child workers). */
  env?: Record<string, string>;
}

/** Call at the top level of a test file (the database is per file). */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { db, url } = await useTestDatabase();
  const sink = await startSmtpSink(options.sink ?? {});
  const twilio = await startTwilioFake();
  const outbox = mkdtempSync(join(tmpdir(), "budstikke-outbox-"));
  const queuePrefix = `{test-${randomBytes(5).toString("hex")}}`;
  const env: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: url,
    REDIS_URL: options.redisUrl ?? process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    ...(options.redisClusterNodes ? { REDIS_CLUSTER_NODES: options.redisClusterNodes.join(",") } : {}),
    PUBLIC_URL,
    SECRET_KEY: "pipeline-test-secret-key-0123456789abcdef",
    SMTP_URL: sink.url,
    MAIL_FROM: "NTL <post@ntl.example.no>",
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: "NTL",
    TWILIO_API_URL: twilio.url,
    OUTBOX_DIR: outbox,
    QUEUE_PREFIX: queuePrefix,
    // Child workers, like TEST_SETTINGS, have no quiet hours (start = end is an empty window), so
    // no test depends on the hour it runs at; the quiet-hours tests set a clock of their own.
    SMS_QUIET_START: "00:00",
    SMS_QUIET_END: "00:00",
    ...options.env,
  };
  const config = loadConfig(env);
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.LOG_LEVEL);
  if (options.members) {
    await importMembersFromText(db, [...generateMembersCsv(options.members, 7)].join(""));
  }
  const pipeline = createPipeline({ db, config, clock, logger }, { ...TEST_SETTINGS, ...options.settings }, { queuePrefix });
  if (options.workers !== false) pipeline.startWorkers();

  return {
    db, databaseUrl: url, config, clock, sink, twilio, pipeline, queuePrefix, env,
    async launch(overrides = {}) {
      const campaign = await createCampaign(db, {
        name: "Testkampanje",
        purpose: "bargaining",
        audience: { rules: { field: "status", op: "in", value: ["active", "student", "apprentice", "retired", "unemployed", "honorary", "resigned"] } },
        channels: ["email", "sms"],
        content: TEST_CONTENT,
        data: { deadline: "10. desember" },
        ...overrides,
      }, clock);
      await scheduleCampaign(pipeline.lifecycle, campaign.id);
      return campaign.id;
    },
    async waitFor(campaignId, predicate, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await campaignStatus(db, campaignId, clock);
        if (predicate(status)) return status;
        if (Date.now() > deadline) throw new Error(`timed out waiting; last status ${JSON.stringify(status)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await pipeline.close();
      await Promise.allSettled([sink.stop(), twilio.stop()]);
      // A test's own Redis (or cluster) goes away with the test; only the shared one is cleaned.
      if (!options.redisUrl && !options.redisClusterNodes) await deleteQueueKeys(env.REDIS_URL!, queuePrefix);
    },
  };
}

/** Builds the HTTP app against the harness (for provider callbacks through app.inject). */
export function harnessApp(h: Harness) {
  return buildApp({ db: h.db, config: h.config, clock: h.clock, logger: createLogger("silent") });
}

export const allDone = (s: CampaignStatus) => s.state === "completed";

/**
 * The exactly-once outcome of a campaign to every non-resigned member: each email and each SMS
 * sent once, nothing failed or left pending; at the sink one copy per Message-ID, at the Twilio
 * fake one message per delivery (its status callback names it: two members may share a number).
 */
export async function expectEachSentOnce(h: Harness, done: CampaignStatus): Promise<void> {
  const members = await h.db.member.findMany({ where: { status: { not: "resigned" } } });
  const emails = members.filter((m) => m.email).length;
  const mobiles = members.filter((m) => m.mobile).length;
  expect(done.channels.email).toMatchObject({ sent: emails, failed: 0, pending: 0 });
  expect(done.channels.sms).toMatchObject({ sent: mobiles, failed: 0, pending: 0 });
  expect(h.sink.stats.accepted).toBe(emails);
  expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
  const perDelivery = new Map<string, number>();
  for (const m of h.twilio.messages) {
    const d = new URL(m.statusCallback!).searchParams.get("d")!;
    perDelivery.set(d, (perDelivery.get(d) ?? 0) + 1);
  }
  expect(perDelivery.size).toBe(mobiles);
  expect([...perDelivery.values()].every((n) => n === 1)).toBe(true);
}
