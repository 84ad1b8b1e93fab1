// Campaign commands and the worker process.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { runDemo } from "./demo.ts";
import { cancelCampaign, pauseCampaign, resumeCampaign, retryFailed, scheduleCampaign } from "../campaigns/lifecycle.ts";
import { campaignStatus, listDeliveries, osloTime, type CampaignStatus } from "../campaigns/status.ts";
import { createCampaign } from "../campaigns/store.ts";
import { runWorkers } from "../workers/main.ts";
import { createPipeline } from "../workers/pipeline.ts";
import { serve } from "./consent.ts";
import type { Context } from "./context.ts";
import { migrateDatabase, seedMembers } from "./members.ts";
import { CliError, note, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";

/** Runs an action with a pipeline (queues), closing it afterwards. */
async function withPipeline<T>(ctx: Context, action: (pipeline: ReturnType<typeof createPipeline>) => Promise<T>): Promise<T> {
  const pipeline = createPipeline(ctx);
  try {
    return await (action(pipeline));
  } finally {
    await pipeline.close();
  }
}

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
  const campaign = program.command("campaign").description("create, schedule and follow campaigns");

  campaign
    .command("create")
    .description("create a campaign (draft) from a JSON file")
    .requiredOption("--file <file>", "campaign JSON (see README), or - for stdin")
    .option("--json", "print {\"id\": …}")
    .action((opts: { file: string; json?: boolean }) =>
      run(async (ctx) => {
        const created = await (createCampaign(ctx.db, readJsonFile(opts.file), ctx.clock));
        if (opts.json) printJson({ id: String(created.id) });
        else say(String(created.id));
      }),
    );

  campaign
    .command("schedule <id>")
    .description("schedule a campaign; sends now without --at")
    .option("--at <iso>", "when to send, ISO 8601 with offset (shown and kept in Europe/Oslo time)")
    .option("--json", "print JSON")
    .action((id: string, opts: { at?: string; json?: boolean }) =>
      run((ctx) =>
        withPipeline(ctx, async (pipeline) => {
          const scheduled = await scheduleCampaign(pipeline.lifecycle, parseId(id), opts.at ? parseAt(opts.at) : undefined);
          if (opts.json) printJson({ id: String(scheduled.id), state: scheduled.state, sendAt: scheduled.sendAt?.toISOString() });
          else say(`Campaign ${scheduled.id} scheduled for ${osloTime(scheduled.sendAt!)} (Europe/Oslo). Workers send it: budstikke worker`);
        }),
      ),
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
        run((ctx) =>
          withPipeline(ctx, async (pipeline) => {
            const campaignId = parseId(id);
            const result =
              name === "cancel"
                ? await cancelCampaign(pipeline.lifecycle, campaignId).then((r) => ({ state: r.campaign.state, cancelledDeliveries: r.cancelled }))
                : await resumeCampaign(pipeline.lifecycle, campaignId).then((c) => ({ state: c.state }));
            if (opts.json) printJson({ id: String(campaignId), ...result });
            else say(`Campaign ${campaignId}: ${JSON.stringify(result)}`);
          }),
        ),
      );
  }

  campaign
    .command("retry-failed <id>")
    .description("put the failed deliveries back in the queue with fresh attempts; a paused campaign stays paused unless --resume")
    .option("--resume", "also resume the campaign if it is paused")
    .option("--json", "print JSON")
    .action((id: string, opts: { resume?: boolean; json?: boolean }) =>
      run((ctx) =>
        withPipeline(ctx, async (pipeline) => {
          const campaignId = parseId(id);
          const result = await retryFailed(pipeline.lifecycle, campaignId, { resume: opts.resume });
          if (opts.json) printJson({ id: String(campaignId), ...result });
          else say(`Campaign ${campaignId}: ${result.reset} failed deliveries put back; the campaign is ${result.state}.${result.state === "paused" && result.reset > 0 ? " Resume it to send them (campaign resume, or retry-failed --resume)." : ""}`);
        }),
      ),
    );

  campaign
    .command("pause <id>")
    .description("pause a sending campaign")
    .option("--reason <text>", "why", "paused by staff")
    .action((id: string, opts: { reason: string }) =>
      run((ctx) => withPipeline(ctx, async (pipeline) => say(`Campaign ${(await pauseCampaign(pipeline.lifecycle, parseId(id), opts.reason)).id} paused.`))),
    );

  campaign
    .command("status <id>")
    .description("state and counts per channel; rate and ETA while sending")
    .option("--json", "print JSON")
    .action((id: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const status = await (campaignStatus(ctx.db, parseId(id), ctx.clock));
        if (opts.json) printJson(status);
        else printStatus(status);
      }),
    );

  campaign
    .command("deliveries <id>")
    .description("every delivery: member number, channel, status, reason, attempts, provider id")
    .option("--json", "print JSON (the only format)")
    .action((id: string) =>
      run(async (ctx) => {
        printJson(await (listDeliveries(ctx.db, parseId(id))));
      }),
    );

  program
    .command("worker")
    .description("run the delivery workers until SIGTERM/SIGINT (then finish jobs in flight and stop)")
    .action(() => run((ctx) => runWorkers(ctx.config, ctx.logger, note)));
}

function printStatus(s: CampaignStatus): void {
  say(`Campaign ${s.id} "${s.name}" (${s.purpose}): ${s.state}${s.stateReason ? ` — ${s.stateReason}` : ""}`);
  if (s.sendAtOslo) say(`Send at: ${s.sendAtOslo} Europe/Oslo`);
  const rows: Array<Array<string | number>> = [["channel", "total", "pending", "sending", "sent", "delivered", "failed", "skipped", "cancelled"]];
  for (const [channel, c] of Object.entries(s.channels)) {
    rows.push([channel, c.total, c.pending, c.sending, c.sent, c.delivered, c.failed, c.skipped, c.cancelled]);
  }
  say(table(rows));
  for (const [channel, c] of Object.entries(s.channels)) {
    for (const [reason, n] of Object.entries(c.skippedByReason)) say(`  ${channel} skipped, ${reason}: ${n}`);
    for (const [reason, n] of Object.entries(c.failedByReason)) say(`  ${channel} failed, ${reason}: ${n}`);
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
        if (opts.json) return printJson(result);
        printStatus(result.status);
        say("");
        say(`Done in ${result.seconds} s. ${result.optedOut} members had said no beforehand (see "skipped").`);
        say(`Email (.eml files): ${result.outbox.email}`);
        say(`SMS (.json files):  ${result.outbox.sms}`);
        if (result.unsubscribeUrl) {
          say(`Try an unsubscribe link (start the server first: npm start):`);
          say(`  ${result.unsubscribeUrl}`);
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
