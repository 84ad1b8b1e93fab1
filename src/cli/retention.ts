// `budstikke retention run [--dry-run] [--json]`: the daily retention job by hand. A dry run counts
// what would go and changes nothing; the run applies it and writes one audit entry with the counts.
import type { Command } from "commander";
import { runRetention, type RetentionReport } from "../retention/run.ts";
import { printJson, say, table } from "./output.ts";
import type { Run } from "./run.ts";

export function registerRetentionCommands(program: Command, run: Run): void {
  const retention = program.command("retention").description("remove delivery rows, print files and audit entries past their retention period");

  retention
    .command("run")
    .description("apply RETENTION_DELIVERIES_DAYS, RETENTION_LETTER_BATCH_DAYS, RETENTION_AUDIT_DAYS and INBOUND_QUARANTINE_DAYS now")
    .option("--dry-run", "show what would be removed, per category, and change nothing")
    .option("--json", "print JSON")
    .action((opts: { dryRun?: boolean; json?: boolean }) =>
      run(async (ctx) => {
        const report = await runRetention(ctx, await ctx.actor(), { dryRun: opts.dryRun === true });
        if (opts.json) return printJson(report);
        printReport(report);
      }),
    );
}

function printReport(report: RetentionReport): void {
  const day = (iso: string) => iso.slice(0, 10);
  const { deliveries: d, providerEvents: p, letterBatches: l, audit: a, inboundQuarantine: q } = report;
  say(report.dryRun ? `Dry run at ${report.at}: nothing was changed. This would go:` : `Retention run at ${report.at}. Removed:`);
  say("");
  say(table([
    ["category", "kept (days)", "older than", report.dryRun ? "would go" : "removed"],
    ["campaigns reduced to counts", d.days, day(d.cutoff), d.campaigns],
    ["  deliveries", "", "", d.deliveries],
    ["  delivery status reports", "", "", d.deliveryReports],
    ["  provider events of those campaigns", "", "", d.providerEvents],
    ["  letter pieces", "", "", d.letterPieces],
    ["  delivery batches", "", "", d.deliveryBatches],
    ["provider events without a campaign", p.days, day(p.cutoff), p.events],
    ["print batches (files removed)", l.days, day(l.cutoff), `${l.batches} (${l.files} files)`],
    ["audit entries", a.days, day(a.cutoff), a.entries],
    ["quarantined inbound messages", q.days, day(q.cutoff), q.messages],
  ]));
}
