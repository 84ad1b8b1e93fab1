// npm run bench:send [-- --members N --ceiling N --json] — the delivery pipeline end to end: an
// email campaign to every member with an address (100,000 by default), delivered by `budstikke
// worker` in a process of its own into a loopback SMTP sink (in another child process), compared
// with the raw ceiling of plain nodemailer sending pre-rendered messages to the same sink, in the
// same run. Reports messages/s and the ratio to the ceiling, CPU ms per message for the worker, the
// sink and PostgreSQL, the worker's and the sink's peak RSS, how long acceptances waited to be
// recorded, Redis memory, the EXPLAIN of each hot statement, and (when pg_stat_statements is
// loaded) the statements that took PostgreSQL's time.
//
// Tuning flags: --batch-size N --sub-batch-size N --job-concurrency N (DELIVERY_BATCH_SIZE,
// SEND_CONCURRENCY, BATCH_CONCURRENCY), --ceiling-pools 10,20,40, --timeout-minutes N.
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
import { approximateBytes, BENCH_CAMPAIGN, renderCeilingMessages } from "./send-campaign.ts";
import { measureCeiling, type CeilingRun } from "./send-ceiling.ts";
import { perMessage, startCpuWindow, type CpuWindow } from "./send-cpu.ts";
import { explainHotStatements, resetStatements, topStatements } from "./send-explain.ts";
import { mib, RedisProbe } from "./send-redis.ts";
import { startSinkProcess } from "./send-sink.ts";
import { startWorkerProcess } from "./send-worker.ts";
import { benchDatabase } from "./support.ts";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "100000" },
    ceiling: { type: "string", default: "20000" },
    "ceiling-pools": { type: "string" },
    "batch-size": { type: "string", default: "100" },
    "sub-batch-size": { type: "string", default: "50" },
    "job-concurrency": { type: "string", default: "4" },
    "timeout-minutes": { type: "string", default: "120" },
    json: { type: "boolean" },
  },
});
const members = positive("members");
const workerNodeOptions = process.env.BENCH_WORKER_NODE_OPTIONS ?? "--max-semi-space-size=8";
const ceilingCount = Number(values.ceiling);
const settings = { batchSize: positive("batch-size"), subBatchSize: positive("sub-batch-size"), jobConcurrency: positive("job-concurrency") };
const smtpPool = smtpPoolSize(settings.subBatchSize);
const poolSizes = values["ceiling-pools"] ? values["ceiling-pools"].split(",").map(Number).filter((n) => n > 0) : [smtpPool];
const progress = (line: string) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

// A database per size, so a quick --members 20000 run never meets the 100k campaign's members.
const databaseName = members === 100_000 ? "budstikke_bench_send" : `budstikke_bench_send_${members}`;
const url = await benchDatabase(databaseName);
const db = createDb(url);
const queuePrefix = `{bench-send-${randomBytes(4).toString("hex")}}`;
const sink = await startSinkProcess();
const base = loadConfig();
const config: Config = {
  ...base, DATABASE_URL: url, SMTP_URL: sink.url, MAIL_FROM: "NTL <post@ntl.example.no>", PUBLIC_URL: "https://budstikke.example.no",
  QUEUE_PREFIX: queuePrefix, DKIM_DOMAIN: undefined, DKIM_SELECTOR: undefined, DKIM_PRIVATE_KEY: undefined, LOG_LEVEL: "warn",
};
const redis = new RedisProbe(config.REDIS_URL, queuePrefix);

try {
  await seedMembers();
  // Earlier runs' rows would make this run's tables (and its timings) bigger each time.
  await db.$executeRawUnsafe(`TRUNCATE delivery, delivery_batch, delivery_report, segment_snapshot_recipient`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE delivery`);
  const campaign = await createCampaign(db, BENCH_CAMPAIGN, systemClock, "bench");

  // ── The raw ceiling (this process sends) ──
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
    // Unreported warm-up: JIT and the sink's first connections make the first run slower.
    await measureCeiling({ smtpUrl: sink.url, from: config.MAIL_FROM, poolSize: smtpPool, rendered, count: Math.min(2000, ceilingCount), label: "warmup" });
    for (const poolSize of poolSizes) await runCeiling(poolSize, "before");
  }
  await sink.reset();

  // ── End to end: a worker process sends ──
  const worker = await startWorkerProcess({
    // As the README recommends for workers (a young generation of 8 MB instead of V8's default
    // up to 32 MB: about 80 MB less resident memory, no measurable CPU cost);
    // BENCH_WORKER_NODE_OPTIONS tries others.
    NODE_OPTIONS: workerNodeOptions,
    DATABASE_URL: url, REDIS_URL: config.REDIS_URL, SMTP_URL: sink.url, MAIL_FROM: config.MAIL_FROM, PUBLIC_URL: config.PUBLIC_URL,
    QUEUE_PREFIX: queuePrefix, SECRET_KEY: config.secretKeys[0]!, LOG_LEVEL: "info", OUTBOX_DIR: mkdtempSync(join(tmpdir(), "bench-outbox-")),
    // The benchmark measures the pipeline, not the rate limit: rates far above anything reachable.
    EMAIL_RATE_PER_SECOND: "1000000", SMS_RATE_PER_SECOND: "1000000", SMS_QUIET_START: "00:00", SMS_QUIET_END: "00:00",
    DELIVERY_BATCH_SIZE: String(settings.batchSize), SEND_CONCURRENCY: String(settings.subBatchSize), BATCH_CONCURRENCY: String(settings.jobConcurrency),
  });
  const statementsTracked = await resetStatements(db);
  if (!statementsTracked) progress("pg_stat_statements is not loaded: no breakdown of PostgreSQL's time by statement");
  const redisBefore = await redis.server();
  const pipeline = createPipeline({ db, config, clock: systemClock, logger: createLogger("warn") }, {}, { queuePrefix });
  const cpuWindow = startCpuWindow(sink.pid, databaseName, worker.pid);
  const e2e = await runCampaign(pipeline, campaign.id, cpuWindow.sample, worker);
  const e2eCpu = cpuWindow.stop();
  const sinkReport = await sink.reset();
  const workerPeak = worker.peakRssMiB();
  await worker.stop();
  await pipeline.close();
  const recordLatency = /"recordLatencyMs":(\{[^}]*\})/.exec(worker.stderr())?.[1];
  if (ceilingCount > 0) await runCeiling(smtpPool, "after");

  const status = await campaignStatus(db, campaign.id, systemClock);
  const email = status.channels.email!;
  const statements = statementsTracked ? await topStatements(db, databaseName) : null;
  const explained = await explainHotStatements(db, campaign.id);
  const redisAfter = { server: await redis.server(), prefix: await redis.prefixMemory() };

  const seconds = (e2e.completedAt - e2e.scheduledAt) / 1000;
  const firstToLast = sinkReport.firstAt && sinkReport.lastAt ? (sinkReport.lastAt - sinkReport.firstAt) / 1000 : null;
  const endToEnd = email.sent / seconds;
  const steady = firstToLast ? (sinkReport.accepted - 1) / firstToLast : null;
  const atPool = ceiling.filter((c) => c.poolSize === smtpPool);
  const reference = atPool.length ? Math.round(atPool.reduce((s, c) => s + c.messagesPerSecond, 0) / atPool.length) : null;
  const result = {
    command: `npm run bench:send -- ${process.argv.slice(2).join(" ")}`.trim(),
    members,
    messageBytes: Math.round(rendered.reduce((s, m) => s + approximateBytes(m), 0) / rendered.length),
    settings: { ...settings, smtpPool },
    ceiling: { runs: ceiling, referencePoolSize: smtpPool, referenceMessagesPerSecond: reference },
    endToEnd: {
      campaignId: campaign.id, state: status.state, recipients: email.total, sent: email.sent, skippedByReason: email.skippedByReason,
      failed: email.failed, acceptedBySink: sinkReport.accepted, duplicatesAtSink: sinkReport.duplicates, smtpConnections: sinkReport.connections,
      seconds: round(seconds), messagesPerSecond: Math.round(endToEnd),
      firstToLastSeconds: firstToLast === null ? null : round(firstToLast),
      firstToLastMessagesPerSecond: steady === null ? null : Math.round(steady),
      ratioToCeiling: reference ? round(endToEnd / reference) : null,
      ratioToCeilingFirstToLast: reference && steady ? round(steady / reference) : null,
      cpu: e2eCpu, cpuPerMessage: perMessage(e2eCpu, email.sent),
      scheduleToFirstMessageSeconds: sinkReport.firstAt ? round((sinkReport.firstAt - e2e.scheduledAt) / 1000) : null,
      recordLatencyMs: recordLatency ? (JSON.parse(recordLatency) as unknown) : null,
    },
    worker: { nodeOptions: workerNodeOptions || "(none)", peakRssMiB: workerPeak, maxSampledRssMiB: e2e.maxWorkerRss },
    sink: { peakRssMiB: sinkReport.peakRssMiB, rssSamplesMiB: e2e.sinkRss },
    redis: {
      before: redisBefore.usedMemoryHuman, peak: e2e.peakRedis, after: redisAfter.server.usedMemoryHuman,
      prefixKeysAfter: redisAfter.prefix.keys, prefixMiBAfter: mib(redisAfter.prefix.bytes),
    },
    postgresStatements: statements,
    explain: explained,
  };
  await redis.deleteAll();
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else printSummary(result);
  if (status.state !== "completed") process.exitCode = 1;
} finally {
  await redis.deleteAll().catch(() => 0);
  redis.close();
  await sink.stop();
  await db.$disconnect();
}

/** Schedules now and watches until completed, sampling memory and CPU on the way. */
async function runCampaign(pipeline: ReturnType<typeof createPipeline>, campaignId: number, sampleCpu: () => void, worker: Awaited<ReturnType<typeof startWorkerProcess>>) {
  let maxWorkerRss = 0;
  let peakRedis = "";
  let peakRedisBytes = 0;
  const sinkRss: number[] = [];
  const scheduledAt = Date.now();
  await scheduleCampaign(pipeline.lifecycle, campaignId);
  const deadline = scheduledAt + Number(values["timeout-minutes"]) * 60_000;
  let lastSample = 0;
  let lastProgress = scheduledAt;
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    const row = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { state: true, stateReason: true } });
    const now = Date.now();
    if (row.state === "completed") return { scheduledAt, completedAt: now, maxWorkerRss, peakRedis, sinkRss };
    if (row.state === "paused" || row.state === "cancelled") throw new Error(`campaign ${row.state}: ${row.stateReason ?? ""}`);
    if (now > deadline) throw new Error(`campaign still ${row.state} after ${values["timeout-minutes"]} minutes`);
    if (now - lastSample >= 2000) {
      lastSample = now;
      sampleCpu();
      maxWorkerRss = Math.max(maxWorkerRss, worker.rssMiB() ?? 0);
      const server = await redis.server();
      if (server.usedMemory > peakRedisBytes) {
        peakRedisBytes = server.usedMemory;
        peakRedis = server.usedMemoryHuman;
      }
    }
    if (now - lastProgress >= 10_000) {
      lastProgress = now;
      const s = await sink.stats();
      sinkRss.push(s.rssMiB);
      progress(`  ${row.state}: ${s.accepted} accepted after ${round((now - scheduledAt) / 1000)} s; worker rss ${worker.rssMiB()} MiB, sink rss ${s.rssMiB} MiB`);
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

interface CeilingMeasurement extends CeilingRun {
  when: "before" | "after";
  cpu: CpuWindow;
  cpuPerMessage: ReturnType<typeof perMessage>;
}

type Result = {
  command: string; members: number; messageBytes: number; settings: Record<string, unknown>;
  ceiling: { runs: CeilingMeasurement[]; referencePoolSize: number; referenceMessagesPerSecond: number | null };
  endToEnd: Record<string, unknown> & { sent: number; recipients: number; seconds: number; messagesPerSecond: number; cpuPerMessage: ReturnType<typeof perMessage> };
  worker: { nodeOptions: string; peakRssMiB: number | null; maxSampledRssMiB: number };
  sink: { peakRssMiB: number | null; rssSamplesMiB: number[] };
  redis: { before: string; peak: string; after: string; prefixKeysAfter: number; prefixMiBAfter: number };
  postgresStatements: Array<{ query: string; calls: number; rows: number; totalMs: number }> | null;
  explain: Array<{ name: string; plan: string; executionMs: number }>;
};

function printSummary(r: Result) {
  const e = r.endToEnd;
  const lines = [
    r.command,
    `members ${r.members}, message ~${r.messageBytes} bytes, settings ${JSON.stringify(r.settings)}`,
    ...r.ceiling.runs.map((c) => `ceiling ${c.when.padEnd(6)} pool ${String(c.poolSize).padStart(3)}: ${c.messages} msgs in ${c.seconds} s = ${c.messagesPerSecond}/s${c.errors ? `, ${c.errors} errors` : ""}; ${cpuLine(c.cpuPerMessage)}`),
    `end-to-end: ${e.sent} sent of ${e.recipients} recipients (skipped ${JSON.stringify(e.skippedByReason)}, failed ${e.failed}), state ${e.state}`,
    `           schedule→completed ${e.seconds} s = ${e.messagesPerSecond}/s; first→last message ${e.firstToLastSeconds} s = ${e.firstToLastMessagesPerSecond}/s`,
    `           ${cpuLine(e.cpuPerMessage).replace("sender", "worker")}`,
    `           ratio to ceiling (pool ${r.ceiling.referencePoolSize}, mean before/after ${r.ceiling.referenceMessagesPerSecond ?? "-"}/s): ${e.ratioToCeiling} (first→last: ${e.ratioToCeilingFirstToLast}); target ≥ 0.9`,
    `           schedule→first message ${e.scheduleToFirstMessageSeconds} s; sink accepted ${e.acceptedBySink}, duplicates ${e.duplicatesAtSink}`,
    `           provider answer → recorded (ms): ${JSON.stringify(e.recordLatencyMs)}`,
    `worker process (NODE_OPTIONS=${r.worker.nodeOptions}) RSS: peak (VmHWM) ${r.worker.peakRssMiB} MiB; sink process RSS: peak ${r.sink.peakRssMiB} MiB, every 10 s ${r.sink.rssSamplesMiB.join(", ")}`,
    `redis used_memory before ${r.redis.before}, peak ${r.redis.peak}, after ${r.redis.after}; this run's keys after completion: ${r.redis.prefixKeysAfter} (${r.redis.prefixMiBAfter} MiB)`,
    ...(r.postgresStatements
      ? ["PostgreSQL time by statement (pg_stat_statements, exec + plan):", ...r.postgresStatements.map((s) => `  ${String(s.totalMs).padStart(7)} ms  ${String(s.calls).padStart(7)} calls  ${(s.totalMs / Math.max(1, e.sent)).toFixed(4)} ms/msg  ${s.query}`)]
      : ["(PostgreSQL time by statement: load pg_stat_statements in shared_preload_libraries to see it)"]),
    "EXPLAIN (ANALYZE, BUFFERS) of the hot statements, for one batch in the middle of the campaign:",
    ...r.explain.flatMap((x) => [`-- ${x.name}: ${x.executionMs} ms`, ...x.plan.split("\n").map((l) => `   ${l}`)]),
  ];
  console.log(lines.join("\n"));
}

function cpuLine(c: ReturnType<typeof perMessage>) {
  return `CPU ms/msg: sender ${c.senderMs}, sink ${c.sinkMs ?? "-"}, postgres ${c.postgresMs ?? "-"}`;
}

function positive(name: "members" | "batch-size" | "sub-batch-size" | "job-concurrency"): number {
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
