// Campaign commands (through the campaign services, as the system operator or as --as EMAIL)
// and the worker process.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { runDemo } from "./demo.ts";
import { ensureDemoUsers } from "./demo-users.ts";
import * as campaigns from "../campaigns/service.ts";
import { osloTime, type CampaignStatus } from "../campaigns/status.ts";
import { CampaignStateSchema } from "../contracts/campaigns.ts";
import { runWorkers } from "../workers/main.ts";
import { serve } from "./consent.ts";
import { migrateDatabase, seedMembers } from "./members.ts";
import { CliError, note, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";
// ── merge data and uploaded audiences ──
import { attachAudienceList } from "../campaigns/audience-list.ts";
import { attachMergeData } from "../campaigns/merge-data.ts";
import { REPORT_LIMIT } from "../campaigns/upload-csv.ts";
import type { AudienceListReport, CampaignReview } from "../contracts/campaigns.ts";
import { reviewCampaign } from "../campaigns/dry-run.ts";
type UploadReport = AudienceListReport;
// ── end merge data ──

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch {
    throw new CliError(`cannot read ${file}`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`, 2);
  }
}

function parseId(value: string): number {
  if (!/^[1-9]\d{0,9}$/.test(value)) throw new CliError(`campaign id must be a positive whole number, got "${value}"`, 2);
  return Number(value);
}

function parseAt(value: string): Date {
  // An offset is required: "09:00" alone would silently mean the server's time zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw new CliError(`--at must be ISO 8601 with an offset, e.g. 2026-12-01T09:00:00+01:00`, 2);
  }
  return new Date(value);
}

export function registerCampaignCommands(program: Command, run: Run): void {
  const campaign = program.command("campaign").alias("campaigns").description("create, review, schedule and follow campaigns");

  campaign
    .command("create")
    .description("create a campaign (draft) from a JSON file")
    .requiredOption("--file <file>", "campaign JSON (see README), or - for stdin")
    .option("--json", "print {\"id\": …}")
    .action((opts: { file: string; json?: boolean }) =>
      run(async (ctx) => {
        const created = await campaigns.create(ctx, await ctx.actor(), readJsonFile(opts.file));
        if (opts.json) printJson({ id: String(created.id) });
        else say(String(created.id));
      }),
    );

  campaign
    .command("list")
    .description("campaigns, newest first")
    .option("--state <state>", "only campaigns in this state (draft, awaiting_approval, approved, needs_reapproval, scheduled, sending, …)")
    .option("--limit <n>", "at most this many", positiveInt, 50)
    .option("--json", "print JSON")
    .action((opts: { state?: string; limit: number; json?: boolean }) =>
      run(async (ctx) => {
        const state = opts.state === undefined ? undefined : CampaignStateSchema.safeParse(opts.state);
        if (state && !state.success) throw new CliError(`--state must be one of ${CampaignStateSchema.options.join(", ")}`, 2);
        const page = await campaigns.list(ctx, await ctx.actor(), { state: state?.data, limit: Math.min(opts.limit, 500) });
        if (opts.json) return printJson(page.items);
        const rows: Array<Array<string | number>> = [["id", "state", "purpose", "name"]];
        for (const c of page.items) rows.push([c.id, c.state, c.purpose, c.name]);
        say(table(rows));
      }),
    );

  campaign
    .command("submit <id>")
    .description("submit a draft for four-eyes approval")
    .option("--json", "print the campaign as JSON")
    .action((id: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const submitted = await campaigns.submit(ctx, await ctx.actor(), parseId(id));
        if (opts.json) printJson(submitted);
        else say(`Campaign ${submitted.id} is waiting for approval (${submitted.approval.submittedCount} recipients now): ${submitted.stateReason}`);
      }),
    );

  campaign
    .command("approve <id>")
    .description("approve a campaign someone else wrote (needs --as EMAIL: four eyes are two people)")
    .option("--comment <text>", "a note for the author")
    .option("--json", "print the campaign as JSON")
    .action((id: string, opts: { comment?: string; json?: boolean }) =>
      run(async (ctx) => {
        const approved = await campaigns.approve(ctx, await ctx.actor(), parseId(id), { comment: opts.comment });
        if (opts.json) printJson(approved);
        else say(`Campaign ${approved.id} ${approved.stateReason ?? "approved"}. Schedule it: budstikke campaign schedule ${approved.id}`);
      }),
    );

  campaign
    .command("reject <id>")
    .description("send a campaign back to draft with a comment (needs --as EMAIL)")
    .requiredOption("--comment <text>", "what must change")
    .option("--json", "print the campaign as JSON")
    .action((id: string, opts: { comment: string; json?: boolean }) =>
      run(async (ctx) => {
        const rejected = await campaigns.reject(ctx, await ctx.actor(), parseId(id), { comment: opts.comment });
        if (opts.json) printJson(rejected);
        else say(`Campaign ${rejected.id} is a draft again, with your comment.`);
      }),
    );

  campaign
    .command("schedule <id>")
    .description("schedule a campaign; sends now without --at")
    .option("--at <iso>", "when to send, ISO 8601 with offset (shown and kept in Europe/Oslo time)")
    .option("--json", "print JSON")
    .action((id: string, opts: { at?: string; json?: boolean }) =>
      run(async (ctx) => {
        const scheduled = await campaigns.schedule(ctx, await ctx.actor(), parseId(id), { at: opts.at ? parseAt(opts.at) : undefined });
        if (opts.json) printJson({ id: String(scheduled.id), state: scheduled.state, sendAt: scheduled.sendAt });
        else say(`Campaign ${scheduled.id} scheduled for ${osloTime(new Date(scheduled.sendAt!))} (Europe/Oslo). Workers send it: budstikke worker`);
      }),
    );

  for (const [name, description] of [
    ["cancel", "cancel before or during sending; what was not sent is marked cancelled"],
    ["resume", "resume a paused campaign"],
  ] as const) {
    campaign
      .command(`${name} <id>`)
      .description(description)
      .option("--json", "print JSON")
      .action((id: string, opts: { json?: boolean }) =>
        run(async (ctx) => {
          const campaignId = parseId(id);
          const actor = await ctx.actor();
          const result =
            name === "cancel"
              ? await campaigns.cancel(ctx, actor, campaignId).then((r) => ({ state: r.campaign.state, cancelledDeliveries: r.cancelledDeliveries }))
              : await campaigns.resume(ctx, actor, campaignId).then((c) => ({ state: c.state }));
          if (opts.json) printJson({ id: String(campaignId), ...result });
          else say(`Campaign ${campaignId}: ${JSON.stringify(result)}`);
        }),
      );
  }

  campaign
    .command("retry-failed <id>")
    .description("put the failed deliveries back in the queue with fresh attempts; a paused campaign stays paused unless --resume")
    .option("--resume", "also resume the campaign if it is paused")
    .option("--json", "print JSON")
    .action((id: string, opts: { resume?: boolean; json?: boolean }) =>
      run(async (ctx) => {
        const campaignId = parseId(id);
        const { reset, state } = await campaigns.retryFailed(ctx, await ctx.actor(), campaignId, { resume: opts.resume });
        if (opts.json) printJson({ id: String(campaignId), reset, state });
        else say(`Campaign ${campaignId}: ${reset} failed deliveries put back; the campaign is ${state}.${state === "paused" && reset > 0 ? " Resume it to send them (campaign resume, or retry-failed --resume)." : ""}`);
      }),
    );

  campaign
    .command("pause <id>")
    .description("pause a sending campaign")
    .option("--reason <text>", "why", "paused by staff")
    .option("--json", "print JSON")
    .action((id: string, opts: { reason: string; json?: boolean }) =>
      run(async (ctx) => {
        const paused = await campaigns.pause(ctx, await ctx.actor(), parseId(id), opts.reason);
        if (opts.json) printJson({ id: String(paused.id), state: paused.state, stateReason: paused.stateReason });
        else say(`Campaign ${paused.id} paused.`);
      }),
    );

  // ── merge data and uploaded audiences ──
  campaign
    .command("merge-data <id> <file>")
    .description("attach per-member merge data (CSV: member_number + columns templates read as merge.<column>), replacing what was attached")
    .option("--json", "print the report as JSON")
    .action((id: string, file: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const report = await attachMergeData(ctx, await ctx.actor(), parseId(id), readCsvFile(file));
        if (opts.json) return printJson(report);
        say(`Campaign ${report.campaignId}: merge data with columns ${report.columns.join(", ")}; ${report.accepted} of ${report.rows} rows taken.`);
        if (report.templateColumnsMissing.length > 0) {
          say(`The template reads ${report.templateColumnsMissing.map((c) => `merge.${c}`).join(", ")}, which this file lacks: the campaign cannot be scheduled until a file has ${report.templateColumnsMissing.length > 1 ? "them" : "it"}.`);
        }
        printUploadOutcome(report);
      }),
    );

  campaign
    .command("audience-list <id> <file>")
    .description('attach the audience list (CSV with member_number) of a campaign whose audience is {"list": true}, replacing the one attached')
    .option("--json", "print the report as JSON")
    .action((id: string, file: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const report = await attachAudienceList(ctx, await ctx.actor(), parseId(id), readCsvFile(file));
        if (opts.json) return printJson(report);
        say(`Campaign ${report.campaignId}: audience list of ${report.accepted} members (${report.rows} rows in the file).`);
        printUploadOutcome(report);
      }),
    );
  // ── end merge data ──

  campaign
    .command("status <id>")
    .description("state and counts per channel; rate and ETA while sending")
    .option("--json", "print JSON")
    .action((id: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const status = await campaigns.status(ctx, actor, parseId(id));
        // Before the launch there is nothing to count yet: with fallback or letters, show what the
        // review expects (the same dry run as the review page).
        const expected = PRE_LAUNCH.has(status.state) && (status.channelMode === "first-available" || "letter" in status.channels)
          ? await reviewCampaign(ctx, actor, status.id)
          : null;
        if (opts.json) printJson(expected ? { ...status, expected: { split: expected.split, letters: expected.letters } } : status);
        else {
          printStatus(status);
          if (expected) printExpected(expected);
        }
      }),
    );

  campaign
    .command("deliveries <id>")
    .description("every delivery: member number, channel, status, reason, attempts, provider id")
    .option("--json", "print JSON (the only format)")
    .action((id: string) =>
      run(async (ctx) => {
        // Streamed page by page: a 40,000-member campaign is never all in memory.
        const rows = await campaigns.exportDeliveries(ctx, await ctx.actor(), parseId(id), {}, "json");
        let first = true;
        process.stdout.write("[");
        for await (const d of rows) {
          const item = { memberNumber: d.memberNumber, channel: d.channel, status: d.status, reason: d.reason, attempts: d.attempts, providerId: d.providerId };
          process.stdout.write(`${first ? "\n" : ",\n"}  ${JSON.stringify(item)}`);
          first = false;
        }
        process.stdout.write(first ? "]\n" : "\n]\n");
      }),
    );

  program
    .command("worker")
    .description("run the delivery workers until SIGTERM/SIGINT (then finish jobs in flight and stop)")
    .action(() => run((ctx) => runWorkers(ctx.config, ctx.logger, note)));
}

// ── merge data and uploaded audiences ──
function readCsvFile(file: string): string {
  try {
    return file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch {
    throw new CliError(`cannot read ${file}`, 2);
  }
}

function printUploadOutcome(report: UploadReport): void {
  const lines = (title: string, count: number, items: string[]) => {
    if (count === 0) return;
    say(`${title}: ${count}`);
    for (const item of items.slice(0, 50)) say(`  ${item}`);
    if (count > 50) say(`  … and ${count - 50} more (use --json for up to ${REPORT_LIMIT})`);
  };
  lines("Unknown member numbers (not stored)", report.unknownCount, report.unknownMemberNumbers);
  lines("Duplicates (the first row is taken)", report.duplicateCount, report.duplicates.map((d) => `line ${d.line} (${d.memberNumber}): ${d.problem}`));
  lines("Rejected rows", report.rejectedCount, report.rejected.map((r) => `line ${r.line} (${r.memberNumber || "no member number"}): ${r.problem}`));
  for (const warning of report.warnings) say(`Warning: ${warning}`);
  if (report.approvalVoided || report.unscheduled) {
    say(`The campaign is a draft again (${report.unscheduled ? "unscheduled, " : ""}any submission or approval is void): submit or schedule it again.`);
  }
}
// ── end merge data ──

const PRE_LAUNCH: ReadonlySet<string> = new Set(["draft", "awaiting_approval", "approved", "needs_reapproval", "scheduled"]);

const splitLine = (split: Record<string, number>) => Object.entries(split).map(([c, n]) => `${c} ${n}`).join(", ");

function printExpected(review: CampaignReview): void {
  if (review.split) say(`Expected split (one message per member, first available channel): ${splitLine(review.split.channels)}; no channel: ${review.split.none}`);
  const l = review.letters;
  if (l) {
    const postage = new Intl.NumberFormat("nb-NO", { style: "currency", currency: "NOK" }).format(l.postage);
    say(`Letters: ${l.letters} (${l.pagesPerLetter} page(s) each: ${l.pages} pages, ${l.sheets} sheets) in ${l.printBatches} print batch(es), postage about ${postage}`);
    if (l.belowBulkMinimum) say(`  Warning: a print batch would hold fewer than ${l.bulkMinimum} letters, which bulk postage needs.`);
  }
}

function printStatus(s: CampaignStatus): void {
  say(`Campaign ${s.id} "${s.name}" (${s.purpose}): ${s.state}${s.stateReason ? ` — ${s.stateReason}` : ""}`);
  if (s.sendAtOslo) say(`Send at: ${s.sendAtOslo} Europe/Oslo`);
  const rows: Array<Array<string | number>> = [["channel", "total", "pending", "sending", "rendered", "sent", "delivered", "bounced", "failed", "skipped", "cancelled"]];
  for (const [channel, c] of Object.entries(s.channels)) {
    rows.push([channel, c.total, c.pending, c.sending, c.rendered, c.sent, c.delivered, c.bounced, c.failed, c.skipped, c.cancelled]);
  }
  say(table(rows));
  if (s.split) say(`One message per member, on the first available of ${Object.keys(s.split).join(" → ")}. Split so far: ${splitLine(s.split)}`);
  for (const [channel, c] of Object.entries(s.channels)) {
    for (const [reason, n] of Object.entries(c.skippedByReason)) say(`  ${channel} skipped, ${reason}: ${n}`);
    for (const [reason, n] of Object.entries(c.failedByReason)) say(`  ${channel} failed, ${reason}: ${n}`);
    for (const [reason, n] of Object.entries(c.bouncedByReason)) say(`  ${channel} bounced, ${reason}: ${n}`);
  }
  if (s.complaints.count > 0) {
    const percent = `${((s.complaints.rate ?? 0) * 100).toFixed(2)}%`;
    const warning = s.complaints.level === "pause" ? " — above COMPLAINT_PAUSE_RATE (0.3% by default): the campaign pauses itself"
      : s.complaints.level === "warn" ? " — above COMPLAINT_WARN_RATE (0.1% by default): mailbox providers start filtering" : "";
    say(`Spam complaints: ${s.complaints.count} (${percent} of emails sent)${warning}`);
  }
  if (s.ratePerSecond !== null) say(`Rate: ${s.ratePerSecond}/s over the last minute${s.etaSeconds !== null ? `, about ${s.etaSeconds} s left` : ""}`);
}

export function registerDemoCommands(program: Command, run: Run): void {
  program
    .command("demo")
    .description("seed 5,000 synthetic members, opt a few out, send a bargaining campaign by email and SMS to the local outbox")
    .option("--members <n>", "synthetic members", positiveInt, 5000)
    .option("--json", "print the result as JSON")
    .action((opts: { members: number; json?: boolean }) =>
      run(async (ctx) => {
        await migrateDatabase(ctx);
        const seeded = await seedMembers(ctx, opts.members, 1);
        note(`Members: ${seeded.inserted} inserted, ${seeded.updated} updated, ${seeded.unchanged} unchanged.`);
        const result = await runDemo(ctx, (s) => {
          const done = Object.values(s.channels).reduce((n, c) => n + c.total - c.pending - c.sending, 0);
          const total = Object.values(s.channels).reduce((n, c) => n + c.total, 0);
          if (process.stderr.isTTY) process.stderr.write(`\rSending: ${done}/${total}   `);
        });
        if (process.stderr.isTTY) process.stderr.write("\n");
        const staff = await ensureDemoUsers(ctx);
        if (opts.json) return printJson({ ...result, staff });
        printStatus(result.status);
        say("");
        say(`Done in ${result.seconds} s. ${result.optedOut} members had said no beforehand (see "skipped").`);
        say(`Email (.eml files): ${result.outbox.email}`);
        say(`SMS (.json files):  ${result.outbox.sms}`);
        if (result.unsubscribeUrl) {
          say(`Try an unsubscribe link (start the server first: npm start):`);
          say(`  ${result.unsubscribeUrl}`);
        }
        if (staff) {
          say("");
          say(`Admin UI: npm start, then ${ctx.config.PUBLIC_URL}/ (development-only logins, password ${staff.password}):`);
          for (const login of staff.logins) say(`  ${login.email.padEnd(34)} ${login.role}`);
          say(`  (${ctx.config.REQUIRE_2FA_FOR.join(" and ")} set up two-step login with an authenticator app at their first login)`);
        }
        if (result.status.state !== "completed") throw new CliError(`the campaign did not complete (state ${result.status.state})`, 1);
      }),
    );

  program
    .command("start")
    .description("migrate, then run the HTTP server and the delivery workers in one process")
    .action(() =>
      run(async (ctx) => {
        await migrateDatabase(ctx);
        await serve(ctx, { workers: true });
      }),
    );
}
