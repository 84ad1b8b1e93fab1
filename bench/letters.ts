// npm run bench:letters [-- --members N --max-pages N --json] — letters end to end: a letter
// campaign to N members (1,000 by default) delivered by `budstikke worker` (WORKER_CHANNELS=letter)
// in a process of its own: claim, consent at send time, one PDF per letter, collation into print
// batches (merged PDF, manifest, zip). Reports pages per second from launch to the last print
// batch, the worker's peak RSS (VmHWM) and the RSS it had while rendering (sampled), and checks
// the batches' page counts against the manifests by reading the PDFs back.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { PDFDocument } from "pdf-lib";
import { scheduleCampaign, lifecycleDeps } from "../src/campaigns/lifecycle.ts";
import { campaignStatus } from "../src/campaigns/status.ts";
import { createCampaign } from "../src/campaigns/store.ts";
import { systemActor } from "../src/auth/actor.ts";
import { systemClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/client.ts";
import { inLetterDir } from "../src/letters/files.ts";
import { generateMembersCsv } from "../src/members/generate.ts";
import { importMembersFromText } from "../src/members/import.ts";
import { createQueues } from "../src/queues/queues.ts";
import { startWorkerProcess } from "./send-worker.ts";
import { benchDatabase } from "./support.ts";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "1000" },
    "max-pages": { type: "string", default: "2000" },
    json: { type: "boolean" },
  },
});
const members = Number(values.members);
if (!Number.isInteger(members) || members < 1) {
  process.stderr.write("--members must be a positive whole number\n");
  process.exit(2);
}
const progress = (line: string) => {
  if (!values.json) process.stderr.write(`${line}\n`);
};

const url = await benchDatabase(`budstikke_bench_letters_${members}`, { fresh: true });
const db = createDb(url);
const letterDir = mkdtempSync(join(tmpdir(), "budstikke-bench-letters-"));
const queuePrefix = `{bench-letters-${randomBytes(4).toString("hex")}}`;
const base = loadConfig();
const env = {
  DATABASE_URL: url, QUEUE_PREFIX: queuePrefix, LETTER_DIR: letterDir, LETTER_BATCH_MAX_PAGES: values["max-pages"]!,
  WORKER_CHANNELS: "letter", LOG_LEVEL: "warn", PUBLIC_URL: "https://budstikke.example.no",
};
const config = loadConfig({ ...process.env, ...env });
const queues = createQueues({ redis: { url: base.REDIS_URL }, prefix: queuePrefix });
// The letter worker runs with the heap settings README advises for it (LETTER_WORKER_NODE_OPTIONS
// to try others): uncapped, V8 lets the garbage of rendered letters grow the heap to over 400 MiB
// RSS before collecting it; a small young generation and a capped old one keep it near 240 MiB
// at about the same speed.
const workerNodeOptions = process.env.LETTER_WORKER_NODE_OPTIONS ?? "--max-semi-space-size=4 --max-old-space-size=256";
const worker = await startWorkerProcess({ ...env, NODE_OPTIONS: workerNodeOptions });
const idleRss = worker.rssMiB();

try {
  progress(`Importing ${members} members…`);
  await importMembersFromText(db, [...generateMembersCsv(members, 11)].join(""));
  const campaign = await createCampaign(db, {
    name: "Uravstemning (bench)", purpose: "bargaining", channels: ["letter"],
    audience: { rules: { field: "status", op: "in", value: ["active", "student", "apprentice", "retired", "unemployed", "honorary"] } },
    content: {
      letter: {
        returnLine: "NTL, Postboks 9123 Grønland, 0133 OSLO", place: "Oslo",
        body: [
          "# Uravstemning om tariffoppgjøret 2026", "", "Hei {{member.firstName}},", "",
          "Forhandlingene i staten er avsluttet, og medlemmene skal stemme over resultatet. ".repeat(6), "",
          "## Slik stemmer du", "", "- Gå til stemmesiden", "- Logg inn med BankID", "- Stem innen fristen", "",
          "Resultatet for {{employment.employerName}} blir kjent etter fristen. ".repeat(8),
        ].join("\n"),
      },
    },
  }, systemClock);
  const lifecycle = lifecycleDeps({ db, clock: systemClock, config, queues }, systemActor("bench"));
  const started = performance.now();
  // RSS samples by phase: rendering (letters still pending or in flight), then collating.
  const samples: number[] = [];
  const phase = { rendering: [] as number[], collating: [] as number[] };
  let rendering = true;
  const sampler = setInterval(() => {
    const rss = worker.rssMiB();
    if (rss === null) return;
    samples.push(rss);
    (rendering ? phase.rendering : phase.collating).push(rss);
  }, 100);
  await scheduleCampaign(lifecycle, campaign.id);
  progress("Rendering and collating…");
  let status = await campaignStatus(db, campaign.id, systemClock);
  while (status.state !== "completed") {
    if (performance.now() - started > 30 * 60_000) throw new Error(`timed out: ${JSON.stringify(status.channels)}`);
    await new Promise((r) => setTimeout(r, 100));
    status = await campaignStatus(db, campaign.id, systemClock);
    const letter = status.channels.letter;
    if (letter && letter.total > 0 && letter.pending + letter.sending === 0) rendering = false;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const batches = await db.printBatch.findMany({ where: { campaignId: campaign.id }, orderBy: { number: "asc" } });
  const pages = batches.reduce((n, b) => n + b.pages, 0);
  const letters = batches.reduce((n, b) => n + b.letters, 0);
  let readBack = 0;
  for (const b of batches) readBack += (await PDFDocument.load(readFileSync(inLetterDir(letterDir, b.pdfFile)))).getPageCount();
  const report = {
    members, letters, pages, printBatches: batches.length, seconds: Math.round(seconds * 10) / 10,
    pagesPerSecond: Math.round((pages / seconds) * 10) / 10, lettersPerSecond: Math.round((letters / seconds) * 10) / 10,
    pagesReadBackMatch: readBack === pages,
    skipped: status.channels.letter?.skipped ?? 0,
    worker: { nodeOptions: workerNodeOptions, idleRssMiB: idleRss, peakRssMiB: worker.peakRssMiB(), maxSampledRssMiB: samples.length ? Math.max(...samples) : null,
      maxRssRenderingMiB: phase.rendering.length ? Math.max(...phase.rendering) : null, maxRssCollatingMiB: phase.collating.length ? Math.max(...phase.collating) : null },
  };
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    progress(`${letters} letters, ${pages} pages in ${batches.length} print batches, ${report.seconds} s: ${report.pagesPerSecond} pages/s (${report.lettersPerSecond} letters/s)`);
    progress(`worker (${workerNodeOptions}): ${idleRss} MiB RSS idle, peak ${report.worker.peakRssMiB} MiB (max sampled ${report.worker.maxSampledRssMiB} MiB)`);
    progress(`max sampled RSS while rendering ${report.worker.maxRssRenderingMiB} MiB, while collating ${report.worker.maxRssCollatingMiB} MiB`);
    progress(`PDFs read back: ${readBack} pages ${report.pagesReadBackMatch ? "=" : "≠"} the manifests' ${pages}`);
  }
  if (!report.pagesReadBackMatch) process.exitCode = 1;
} finally {
  await worker.stop();
  await queues.close();
  await db.$disconnect();
  rmSync(letterDir, { recursive: true, force: true });
}
