// npm run bench:inbound [-- --members N --messages N --connections N --json] — how fast bounces and
// complaints are taken: a fresh database (budstikke_bench_inbound) with N generated members and a
// sent email campaign, the SMTP receiver of `budstikke inbound serve` on a loopback port, and
// DSNs (70% hard, 20% soft) and ARF complaints (10%) for real deliveries, mailed over a pool of
// SMTP connections as a relay would. Reports messages per second and per-message latency (SMTP
// DATA to 250, which includes parsing, matching and the intake's transaction), and checks that
// the suppressions and bounced deliveries match what was sent.
import { parseArgs } from "node:util";
import nodemailer from "nodemailer";
import { systemClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { unsubscribeMailbox } from "../src/consent/headers.ts";
import { pseudonymsFromConfig } from "../src/consent/pseudonyms.ts";
import { createDb } from "../src/db/client.ts";
import { verpReturnPath } from "../src/deliveries/verp.ts";
import { ingestInbound } from "../src/inbound/ingest.ts";
import { inboundRecipients, startSmtpReceiver } from "../src/inbound/smtp-receiver.ts";
import { createLogger } from "../src/log.ts";
import { generateMembersCsv } from "../src/members/generate.ts";
import { importMembersFromText } from "../src/members/import.ts";
import { campaignWithDeliveries } from "../test/deliveries/support.ts";
import { arfFor, dsnFor } from "../test/support/bounce-messages.ts";
import { benchDatabase, median } from "./support.ts";

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "20000" },
    messages: { type: "string", default: "2000" },
    connections: { type: "string", default: "4" },
    json: { type: "boolean" },
  },
});
const members = Number(values.members);
const messages = Number(values.messages);
const connections = Number(values.connections);
const progress = (line: string) => process.stderr.write(`${line}\n`);

const url = await benchDatabase("budstikke_bench_inbound", { fresh: true });
const BOUNCE_DOMAIN = "bounce.bench.example.no";
const config = loadConfig({ ...process.env, DATABASE_URL: url, BOUNCE_DOMAIN, MAIL_FROM: "NTL <post@ntl.example.no>", LOG_LEVEL: "silent" });
const db = createDb(url);
const logger = createLogger("silent");
const deps = { db, config, clock: systemClock, logger, pseudonyms: pseudonymsFromConfig(config) };

progress(`importing ${members} members and creating a sent campaign…`);
await importMembersFromText(db, [...generateMembersCsv(members, 11)].join(""));
const { campaignId } = await campaignWithDeliveries(db, { channels: ["email"], batchSize: 1000 });
// As the workers leave them: sent, with the Message-ID recorded as the provider id.
await db.$executeRawUnsafe(`UPDATE delivery SET status = 'sent', sent_at = now(), provider_id = '<d' || id || '.c' || campaign_id || '@ntl.example.no>'`);
const sent = await db.$queryRawUnsafe<Array<{ id: bigint; provider_id: string; email: string }>>(
  `SELECT d.id, d.provider_id, m.email FROM delivery d JOIN member m ON m.id = d.member_id WHERE m.email IS NOT NULL ORDER BY random() LIMIT $1`, messages,
);
if (sent.length < messages) throw new Error(`only ${sent.length} emails were sent; use more --members`);

const mails = sent.map((d, i) => {
  const verp = verpReturnPath(config.secretKeys, BOUNCE_DOMAIN, BigInt(d.id));
  const kind = i % 10 === 0 ? "complaint" : i % 10 <= 2 ? "soft" : "hard";
  const raw = kind === "complaint"
    ? arfFor({ to: `bounces@${BOUNCE_DOMAIN}`, originalMessageId: d.provider_id, recipient: d.email, returnPath: verp })
    : dsnFor({ to: verp, originalMessageId: d.provider_id, recipient: d.email, action: "failed", status: kind === "soft" ? "5.2.2" : "5.1.1" });
  return { to: kind === "complaint" ? `bounces@${BOUNCE_DOMAIN}` : verp, raw, kind };
});

const receiver = await startSmtpReceiver({
  host: "127.0.0.1", port: 0, maxBytes: config.INBOUND_MAX_BYTES, logger,
  accepts: inboundRecipients(BOUNCE_DOMAIN, unsubscribeMailbox(config)),
  handle: async (raw, envelopeRecipients) => void (await ingestInbound(deps, raw, { via: "smtp", envelopeRecipients })),
});
const transport = nodemailer.createTransport({ host: "127.0.0.1", port: receiver.port, secure: false, ignoreTLS: true, pool: true, maxConnections: connections, maxMessages: Infinity });

progress(`mailing ${messages} reports over ${connections} SMTP connections…`);
const latencies: number[] = [];
const started = performance.now();
let next = 0;
await Promise.all(Array.from({ length: connections }, async () => {
  while (next < mails.length) {
    const mail = mails[next++]!;
    const t0 = performance.now();
    await transport.sendMail({ envelope: { from: "mailer-daemon@mx.example.com", to: [mail.to] }, raw: mail.raw });
    latencies.push(performance.now() - t0);
  }
}));
const seconds = (performance.now() - started) / 1000;
transport.close();
await receiver.close();

const [counts] = await db.$queryRawUnsafe<Array<{ bounced: number; hard: number; complaint: number; events: number; quarantined: number }>>(
  `SELECT (SELECT count(*) FROM delivery WHERE campaign_id = $1 AND status = 'bounced')::int AS bounced,
          (SELECT count(*) FROM suppression WHERE reason = 'hard_bounce')::int AS hard,
          (SELECT count(*) FROM suppression WHERE reason = 'complaint')::int AS complaint,
          (SELECT count(*) FROM provider_event)::int AS events,
          (SELECT count(*) FROM inbound_quarantine)::int AS quarantined`,
  campaignId,
);
await db.$disconnect();
const expected = { hard: mails.filter((m) => m.kind === "hard").length, complaint: mails.filter((m) => m.kind === "complaint").length };
const sorted = [...latencies].sort((a, b) => a - b);
const report = {
  members, messages, connections,
  perSecond: Math.round(messages / seconds),
  latencyMs: { p50: Math.round(median(latencies)), p99: Math.round(sorted[Math.floor(sorted.length * 0.99)]!), max: Math.round(sorted[sorted.length - 1]!) },
  outcome: counts,
  correct: counts!.bounced === expected.hard && counts!.hard === expected.hard && counts!.complaint === expected.complaint && counts!.events === messages && counts!.quarantined === 0,
};
if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
else {
  progress(`${report.perSecond} messages/s; latency p50 ${report.latencyMs.p50} ms, p99 ${report.latencyMs.p99} ms, max ${report.latencyMs.max} ms`);
  progress(`bounced ${counts!.bounced} (expected ${expected.hard}), hard-bounce suppressions ${counts!.hard}, complaint suppressions ${counts!.complaint} (expected ${expected.complaint}), events ${counts!.events}, quarantined ${counts!.quarantined}: ${report.correct ? "correct" : "WRONG"}`);
}
process.exitCode = report.correct ? 0 : 1;
