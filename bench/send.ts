// npm run bench:send [-- --members N --ceiling N --json] — the delivery pipeline end to end:
// a 100,000-member email campaign through BullMQ workers (in this process) into a loopback SMTP
// sink (in a child process), compared with the raw ceiling of plain nodemailer sending
// pre-rendered messages to the same sink. Reports messages/s, the ratio to the ceiling, the time
// from schedule to the first message, worker RSS and Redis memory.
//
// Tuning flags: --batch-size N --sub-batch-size N --job-concurrency N --db-pool N
// --ceiling-pools 10,20,40 --timeout-minutes N. Defaults (100 / 20 / 4 / 10) were the best of the
// combinations tried on a shared 2-core machine; jobConcurrency 4 beat 2 in both rounds.
// Messages/s swing ±40% there with other load, so the report also gives CPU ms per message for
// the sender, the sink and PostgreSQL: steadier, and it shows where the time goes. Profile with
//   node --cpu-prof --import tsx bench/send.ts --members 20000 --ceiling 0
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { scheduleCampaign } from "../src/campaigns/lifecycle.ts";
import { campaignStatus } from "../src/campaigns/status.ts";
import { createCampaign } from "../src/campaigns/store.ts";
import { systemClock } from "../src/clock.ts";
import { loadConfig, type Config } from "../src/config.ts";
import { createDb } from "../src/db/client.ts";
import { createLogger } from "../src/log.ts";
import { generateMembersCsv } from "../src/members/generate.ts";
import { importMembers } from "../src/members/import.ts";
import { createPipeline, smtpPoolSize } from "../src/workers/pipeline.ts";
import type { PipelineSettings } from "../src/workers/settings.ts";
import { approximateBytes, BENCH_CAMPAIGN, renderCeilingMessages } from "./send-campaign.ts";
import { measureCeiling, type CeilingRun } from "./send-ceiling.ts";
import { mib, RedisProbe, type PrefixMemory, type ServerMemory } from "./send-redis.ts";
import { perMessage, startCpuWindow, type CpuWindow } from "./send-cpu.ts";
import { startSinkProcess } from "./send-sink.ts";
import { benchDatabase } from "./support.ts";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "100000" },
    ceiling: { type: "string", default: "20000" },
    "ceiling-pools": { type: "string" },
    "batch-size": { type: "string", default: "100" },
    "sub-batch-size": { type: "string", default: "50" },
    "job-concurrency": { type: "string", default: "4" },
    "db-pool": { type: "string", default: "10" },
    "timeout-minutes": { type: "string", default: "30" },
    json: { type: "boolean" },
  },
});
const members = positive("members");
const ceilingCount = Number(values.ceiling);
const tuning: Partial<PipelineSettings> = {
  batchSize: positive("batch-size"),
  subBatchSize: positive("sub-batch-size"),
  jobConcurrency: positive("job-concurrency"),
  // The benchmark measures the pipeline, not the limiter: rates far above anything reachable.
  ratePerSecond: { email: 1_000_000, sms: 1_000_000 },
  quietHours: null,
};
const poolSizes = values["ceiling-pools"]
  ? values["ceiling-pools"].split(",").map(Number).filter((n) => n > 0)
  : [...new Set([smtpPoolFor(tuning.subBatchSize!), smtpPoolFor(tuning.subBatchSize!) * 2, Math.max(1, smtpPoolFor(tuning.subBatchSize!) / 2)])];
const progress = (line: string) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

// A database per size, so a quick --members 20000 run never meets the 100k campaign's members.
const databaseName = members === 100_000 ? "budstikke_bench_send" : `budstikke_bench_send_${members}`;
const url = await benchDatabase(databaseName);
const db = createDb(url, { max: positive("db-pool") });
const queuePrefix = `bench-send-${randomBytes(4).toString("hex")}`;
const logger = createLogger("warn");
const sink = await startSinkProcess();
const base = loadConfig();
const config: Config = {
  ...base,
  DATABASE_URL: url,
  SMTP_URL: sink.url,
  MAIL_FROM: "NTL <post@ntl.example.no>",
  PUBLIC_URL: "https://budstikke.example.no",
  QUEUE_PREFIX: queuePrefix,
  DKIM_DOMAIN: undefined, DKIM_SELECTOR: undefined, DKIM_PRIVATE_KEY: undefined,
  LOG_LEVEL: "warn",
};
const redis = new RedisProbe(config.REDIS_URL, queuePrefix);

try {
  await seedMembers();
  // Earlier runs' rows would make this run's tables (and its timings) bigger each time.
  await db.$executeRawUnsafe(`TRUNCATE delivery, segment_snapshot_recipient`);
  const campaign = await createCampaign(db, BENCH_CAMPAIGN, systemClock, "bench");

  // ── The raw ceiling ──
  const rendered = await renderCeilingMessages(db, config, campaign);
  const ceiling: CeilingMeasurement[] = [];
  const runCeiling = async (poolSize: number, when: "before" | "after") => {
    const window = startCpuWindow(sink.pid, databaseName);
    const run = await measureCeiling({ smtpUrl: sink.url, from: config.MAIL_FROM, poolSize, rendered, count: ceilingCount, label: `${when}-${poolSize}` });
    const cpu = window.stop();
    ceiling.push({ ...run, when, cpu, cpuPerMessage: perMessage(cpu, run.messages) });
    progress(`ceiling (${when}): pool ${poolSize}: ${run.messages} messages in ${run.seconds} s = ${run.messagesPerSecond}/s${run.errors ? ` (${run.errors} errors)` : ""}`);
  };
  if (ceilingCount > 0) {
    // Unreported warm-up: JIT and the sink's first connections made the first run ~35% slower.
    await measureCeiling({ smtpUrl: sink.url, from: config.MAIL_FROM, poolSize: smtpPoolFor(tuning.subBatchSize!), rendered, count: Math.min(2000, ceilingCount), label: "warmup" });
    for (const poolSize of poolSizes) await runCeiling(poolSize, "before");
  }
  await sink.reset();

  // ── End to end ──
  const redisBefore = { server: await redis.server(), prefix: await redis.prefixMemory() };
  const pipeline = createPipeline({ db, config, clock: systemClock, logger }, tuning, { queuePrefix });
  const rssBefore = process.memoryUsage().rss;
  const workers = pipeline.startWorkers(["email"]);
  const cpuWindow = startCpuWindow(sink.pid, databaseName);
  const e2e = await (async () => {
    try {
      return await runCampaign(pipeline, campaign.id, cpuWindow.sample);
    } finally {
      await workers.close();
      await pipeline.close();
    }
  })();
  const e2eCpu = cpuWindow.stop();
  const sinkReport = await sink.reset();
  // The ceiling once more, at the pipeline's pool size: the machine's load may have changed
  // during the campaign, and the ratio uses the mean of before and after.
  if (ceilingCount > 0) await runCeiling(smtpPoolFor(tuning.subBatchSize!), "after");
  const status = await campaignStatus(db, campaign.id, systemClock);
  const email = status.channels.email!;
  const redisAfter = { server: await redis.server(), prefix: await redis.prefixMemory() };

  const seconds = (e2e.completedAt - e2e.scheduledAt) / 1000;
  const firstToLast = sinkReport.firstAt && sinkReport.lastAt ? (sinkReport.lastAt - sinkReport.firstAt) / 1000 : null;
  const endToEnd = email.sent / seconds;
  const steady = firstToLast ? (sinkReport.accepted - 1) / firstToLast : null;
  const atPool = ceiling.filter((c) => c.poolSize === smtpPoolFor(tuning.subBatchSize!));
  const reference = atPool.length ? Math.round(atPool.reduce((s, c) => s + c.messagesPerSecond, 0) / atPool.length) : null;
  const result = {
    command: `npm run bench:send -- ${process.argv.slice(2).join(" ")}`.trim(),
    members,
    messageBytes: Math.round(rendered.reduce((s, m) => s + approximateBytes(m), 0) / rendered.length),
    settings: { batchSize: tuning.batchSize, subBatchSize: tuning.subBatchSize, jobConcurrency: tuning.jobConcurrency, dbPool: positive("db-pool"), smtpPool: smtpPoolFor(tuning.subBatchSize!) },
    ceiling: { runs: ceiling, referencePoolSize: smtpPoolFor(tuning.subBatchSize!), referenceMessagesPerSecond: reference },
    endToEnd: {
      campaignId: campaign.id,
      state: status.state,
      recipients: email.total,
      sent: email.sent,
      skippedByReason: email.skippedByReason,
      failed: email.failed,
      acceptedBySink: sinkReport.accepted,
      duplicatesAtSink: sinkReport.duplicates,
      smtpConnections: sinkReport.connections,
      seconds: round(seconds),
      messagesPerSecond: Math.round(endToEnd),
      firstToLastSeconds: firstToLast === null ? null : round(firstToLast),
      firstToLastMessagesPerSecond: steady === null ? null : Math.round(steady),
      ratioToCeiling: reference ? round(endToEnd / reference) : null,
      ratioToCeilingFirstToLast: reference && steady ? round(steady / reference) : null,
      cpu: e2eCpu,
      cpuPerMessage: perMessage(e2eCpu, email.sent),
      scheduleToFirstMessageSeconds: sinkReport.firstAt ? round((sinkReport.firstAt - e2e.scheduledAt) / 1000) : null,
      scheduleToSendingSeconds: e2e.sendingAt ? round((e2e.sendingAt - e2e.scheduledAt) / 1000) : null,
    },
    workerRss: { beforeMiB: mib(rssBefore), maxMiB: mib(e2e.maxRss) },
    redis: {
      before: serverView(redisBefore.server, redisBefore.prefix),
      peak: { usedMemory: e2e.peakServer.usedMemory, usedMemoryHuman: e2e.peakServer.usedMemoryHuman, prefixKeys: e2e.peakPrefix.keys, prefixMiB: mib(e2e.peakPrefix.bytes) },
      afterCompletion: { ...serverView(redisAfter.server, redisAfter.prefix), prefixKeysByKind: redisAfter.prefix.byKind },
      keysDeletedAtCleanup: 0,
    },
  };
  result.redis.keysDeletedAtCleanup = await redis.deleteAll();
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else printSummary(result);
  if (status.state !== "completed") process.exitCode = 1;
} finally {
  await redis.deleteAll().catch(() => 0);
  redis.close();
  await sink.stop();
  await db.$disconnect();
}

/** Schedules now and watches until completed, sampling RSS and Redis memory on the way. */
async function runCampaign(pipeline: ReturnType<typeof createPipeline>, campaignId: number, sampleCpu: () => void) {
  let maxRss = process.memoryUsage().rss;
  let peakServer = await redis.server();
  let peakPrefix: PrefixMemory = { keys: 0, bytes: 0, byKind: {} };
  let sendingAt: number | null = null;
  const scheduledAt = Date.now();
  await scheduleCampaign(pipeline.lifecycle, campaignId);
  const deadline = scheduledAt + Number(values["timeout-minutes"]) * 60_000;
  let lastProgress = scheduledAt;
  let lastRedis = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { state: true, stateReason: true } });
    const now = Date.now();
    if (row.state === "sending") sendingAt ??= now;
    if (row.state === "completed") return { scheduledAt, sendingAt, completedAt: now, maxRss, peakServer, peakPrefix };
    if (row.state === "paused" || row.state === "cancelled") throw new Error(`campaign ${row.state}: ${row.stateReason ?? ""}`);
    if (now > deadline) throw new Error(`campaign still ${row.state} after ${values["timeout-minutes"]} minutes`);
    if (now - lastRedis >= 2000) {
      lastRedis = now;
      sampleCpu();
      const server = await redis.server();
      if (server.usedMemory > peakServer.usedMemory) peakServer = server;
      const prefix = await redis.prefixMemory();
      if (prefix.bytes > peakPrefix.bytes) peakPrefix = prefix;
    }
    if (now - lastProgress >= 5000) {
      lastProgress = now;
      const s = await sink.stats();
      progress(`  ${row.state}: ${s.accepted} accepted after ${round((now - scheduledAt) / 1000)} s, rss ${mib(process.memoryUsage().rss)} MiB`);
    }
  }
}

async function seedMembers(): Promise<void> {
  const have = await db.member.count();
  if (have >= members) return;
  progress(`seeding: ${have} members in the benchmark database, importing ${members} generated members…`);
  const dir = mkdtempSync(join(tmpdir(), "budstikke-bench-send-"));
  try {
    const file = join(dir, "members.csv");
    writeFileSync(file, [...generateMembersCsv(members, 42)].join(""));
    await importMembers(db, file, { actor: "bench" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function serverView(server: ServerMemory, prefix: PrefixMemory) {
  return { usedMemory: server.usedMemory, usedMemoryHuman: server.usedMemoryHuman, prefixKeys: prefix.keys, prefixMiB: mib(prefix.bytes) };
}

interface CeilingMeasurement extends CeilingRun {
  when: "before" | "after";
  cpu: CpuWindow;
  cpuPerMessage: ReturnType<typeof perMessage>;
}

function printSummary(r: {
  command: string; members: number; messageBytes: number; settings: Record<string, unknown>;
  ceiling: { runs: CeilingMeasurement[]; referencePoolSize: number; referenceMessagesPerSecond: number | null };
  endToEnd: Record<string, unknown> & { sent: number; seconds: number; messagesPerSecond: number; cpuPerMessage: ReturnType<typeof perMessage> };
  workerRss: { beforeMiB: number; maxMiB: number };
  redis: { before: ReturnType<typeof serverView>; peak: { usedMemoryHuman: string; prefixKeys: number; prefixMiB: number }; afterCompletion: ReturnType<typeof serverView> & { prefixKeysByKind: Record<string, number> }; keysDeletedAtCleanup: number };
}) {
  const e = r.endToEnd;
  const lines = [
    `${r.command}`,
    `members ${r.members}, message ~${r.messageBytes} bytes, settings ${JSON.stringify(r.settings)}`,
    ...r.ceiling.runs.map((c) => `ceiling ${c.when.padEnd(6)} pool ${String(c.poolSize).padStart(3)}: ${c.messages} msgs in ${c.seconds} s = ${c.messagesPerSecond}/s${c.errors ? `, ${c.errors} errors` : ""}; ${cpuLine(c.cpuPerMessage)}`),
    `end-to-end: ${e.sent} sent of ${e.recipients} recipients (skipped ${JSON.stringify(e.skippedByReason)}, failed ${e.failed}), state ${e.state}`,
    `           schedule→completed ${e.seconds} s = ${e.messagesPerSecond}/s; first→last message ${e.firstToLastSeconds} s = ${e.firstToLastMessagesPerSecond}/s`,
    `           ${cpuLine(e.cpuPerMessage)}`,
    `           ratio to ceiling (pool ${r.ceiling.referencePoolSize}, mean before/after ${r.ceiling.referenceMessagesPerSecond ?? "-"}/s): ${e.ratioToCeiling} (first→last: ${e.ratioToCeilingFirstToLast}); target ≥ 0.8`,
    `           schedule→first message ${e.scheduleToFirstMessageSeconds} s (schedule→sending ${e.scheduleToSendingSeconds} s); sink accepted ${e.acceptedBySink}, duplicates ${e.duplicatesAtSink}`,
    `worker RSS before ${r.workerRss.beforeMiB} MiB, max ${r.workerRss.maxMiB} MiB`,
    `redis used_memory before ${r.redis.before.usedMemoryHuman}, peak ${r.redis.peak.usedMemoryHuman}, after ${r.redis.afterCompletion.usedMemoryHuman}`,
    `redis keys of this run: peak ${r.redis.peak.prefixKeys} (${r.redis.peak.prefixMiB} MiB), after completion ${r.redis.afterCompletion.prefixKeys} (${r.redis.afterCompletion.prefixMiB} MiB), deleted at cleanup ${r.redis.keysDeletedAtCleanup}`,
    `           after completion by kind: ${JSON.stringify(r.redis.afterCompletion.prefixKeysByKind)}`,
  ];
  console.log(lines.join("\n"));
}

function cpuLine(c: ReturnType<typeof perMessage>) {
  return `CPU ms/msg: sender ${c.senderMs}, sink ${c.sinkMs ?? "-"}, postgres ${c.postgresMs ?? "-"}`;
}

function positive(name: "members" | "batch-size" | "sub-batch-size" | "job-concurrency" | "db-pool"): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive whole number`);
    process.exit(2);
  }
  return n;
}

function round(n: number) {
  return Math.round(n * 100) / 100;
}

/** The SMTP pool the pipeline opens for a sub-batch size (src/workers/pipeline.ts). */
function smtpPoolFor(subBatchSize: number): number {
  return smtpPoolSize(subBatchSize);
}
