import { createWriteStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { ensureDatabase, migrate } from "../db/migrate.ts";
import { generateMembersCsv } from "../members/generate.ts";
import type { ImportReport } from "../members/import.ts";
import { importMemberCsv, searchMembers, viewMember } from "../members/service.ts";
import { memberSummary, type MemberSummary } from "../members/summary.ts";
import type { Context } from "./context.ts";
import { CliError, note, printJson, progressBar, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";


export function registerMemberCommands(program: Command, run: Run): void {
  const db = program.command("db").description("database administration");
  db.command("migrate")
    .description("create the database if needed and apply pending migrations")
    .option("--json", "print the result as JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const result = await migrateDatabase(ctx);
        if (opts.json) printJson(result);
        else say(result.applied.length ? `Applied ${result.applied.join(", ")}` : "Database is up to date.");
      }),
    );

  const members = program.command("members").description("member registry");
  members
    .command("import <file>")
    .description("import members from a CSV file (upsert on member_number)")
    .option("--full-sync", "mark members absent from the file as resigned")
    .option("--force", "with --full-sync: resign however many members are absent (normally refused above FULL_SYNC_MAX_RESIGN_SHARE)")
    .option("--dry-run", "validate and report without writing")
    .option("--json", "print exactly one JSON object")
    .action((file: string, opts: { fullSync?: boolean; force?: boolean; dryRun?: boolean; json?: boolean }) =>
      run(async (ctx) => {
        if (!existsSync(file)) throw new CliError(`no such file: ${file}`, 2);
        const report = await importWithProgress(ctx, file, opts);
        if (opts.json) printJson(report);
        else printImportReport(report);
      }),
    );

  members
    .command("search [words...]")
    .description("find members by name, email, member number, employer or municipality (one page; a steward with --as sees only their scope)")
    .option("--limit <n>", "members per page (at most 500)", positiveInt, 50)
    .option("--cursor <cursor>", "the next page: the cursor printed with the previous one")
    .option("--json", "print exactly one JSON object")
    .action((words: string[], opts: { limit: number; cursor?: string; json?: boolean }) =>
      run(async (ctx) => {
        const page = await searchMembers(ctx, await ctx.actor(), { q: words.join(" "), limit: opts.limit, cursor: opts.cursor });
        if (opts.json) return printJson(page);
        if (page.items.length === 0) return say("No members found.");
        say(table([
          ["member", "name", "status", "municipality", "employer", "email", "mobile", "address"],
          ...page.items.map((m) => [m.memberNumber, `${m.firstName} ${m.lastName}`, m.status, m.municipality ?? "-", m.employer ?? "-", m.contact.email, m.contact.mobile, m.contact.address]),
        ]));
        if (page.nextCursor) note(`More: --cursor ${page.nextCursor}`);
      }),
    );

  members
    .command("show <memberNumber>")
    .description("one member with contact points, employments, consent and deliveries, as JSON (audited)")
    .action((memberNumber: string) =>
      run(async (ctx) => {
        printJson(await viewMember(ctx, await ctx.actor(), memberNumber));
      }),
    );

  members
    .command("generate")
    .description("write synthetic members as CSV in the import format")
    .requiredOption("--count <n>", "number of members", positiveInt)
    .option("--seed <s>", "random seed; the same seed gives the same file", positiveInt, 1)
    .option("--out <file>", "write to a file instead of stdout")
    .action((opts: { count: number; seed: number; out?: string }) =>
      pipeline(Readable.from(generateMembersCsv(opts.count, opts.seed)), opts.out ? createWriteStream(opts.out) : process.stdout),
    );

  program
    .command("seed")
    .description("generate synthetic members and import them in one step")
    .option("--members <n>", "number of members", positiveInt, 5000)
    .option("--seed <s>", "random seed", positiveInt, 1)
    .option("--json", "print the import report as JSON")
    .action((opts: { members: number; seed: number; json?: boolean }) =>
      run(async (ctx) => {
        await migrateDatabase(ctx);
        const report = await seedMembers(ctx, opts.members, opts.seed);
        if (opts.json) printJson(report);
        else printImportReport(report);
      }),
    );

  program
    .command("summary")
    .description("members by county and by status")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const summary = await memberSummary(ctx.db);
        if (opts.json) printJson(summary);
        else printSummary(summary);
      }),
    );
}

export async function migrateDatabase(ctx: Context) {
  if (await ensureDatabase(ctx.config.DATABASE_URL)) note("Created the database.");
  const result = await migrate(ctx.config.DATABASE_URL);
  if (result.applied.length) note(`Applied migrations: ${result.applied.join(", ")}`);
  return result;
}

export async function seedMembers(ctx: Context, count: number, seed: number): Promise<ImportReport> {
  return importWithProgress(ctx, Readable.from(generateMembersCsv(count, seed)), { json: true });
}

async function importWithProgress(
  ctx: Context,
  source: string | Readable,
  opts: { fullSync?: boolean; force?: boolean; dryRun?: boolean; json?: boolean },
): Promise<ImportReport> {
  const bar = progressBar("Importing (rows written)");
  try {
    return await importMemberCsv(ctx, await ctx.actor(), source, {
      fullSync: opts.fullSync,
      force: opts.force,
      dryRun: opts.dryRun,
      onProgress: (e) => bar.update(e.rowsWritten),
    });
  } finally {
    bar.stop();
  }
}

function printImportReport(report: ImportReport): void {
  const verb = report.dryRun ? "would be" : "";
  say(`${report.dryRun ? "Dry run: " : ""}${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged${verb ? " (nothing written)" : ""}.`);
  if (report.resigned) say(`${report.resigned} members absent from the file ${report.dryRun ? "would be" : "were"} marked resigned.`);
  for (const w of report.warnings) note(`warning: ${w}`);
  if (report.rejected.length) {
    say(`${report.rejected.length} row${report.rejected.length === 1 ? "" : "s"} rejected:`);
    for (const r of report.rejected.slice(0, 50)) say(`  line ${r.line} (${r.memberNumber || "no member number"}): ${r.errors.join("; ")}`);
    if (report.rejected.length > 50) say(`  … and ${report.rejected.length - 50} more (use --json for all)`);
  }
}

export function printSummary(summary: MemberSummary): void {
  say(`${summary.total} members`);
  say("");
  say(table([["county", "name", "members"], ...summary.byCounty.map((c) => [c.county, c.name, c.members])]));
  say("");
  say(table([["status", "members"], ...Object.entries(summary.byStatus).map(([s, n]) => [s, n])]));
}
