#!/usr/bin/env node
// The budstikke command line. Each area registers its own commands; this file only wires
// them and turns failures into messages and exit codes (0 done, 1 could not run, 2 bad input).
import { Command, CommanderError } from "commander";
import { ConfigError } from "../config.ts";
import { DomainError, EXIT_CODE } from "../errors.ts";
import { memberSummary } from "../members/summary.ts";
import { MigrationError } from "../db/migrate.ts";
import { createContext, type Context } from "./context.ts";
import { migrateDatabase, printSummary, registerMemberCommands, seedMembers } from "./members.ts";
import { CliError, note, printJson, say } from "./output.ts";
import { registerCampaignCommands, registerDemoCommands } from "./campaigns.ts";
import { registerConsentCommands } from "./consent.ts";
import { registerNewsletterCommands } from "./newsletters.ts";
import { registerSegmentsCommands } from "./segments.ts";
import { registerTemplatesCommands } from "./templates.ts";
import { registerAuditCommands } from "./audit.ts";
import { registerTokensCommands } from "./tokens.ts";
import { registerUsersCommands } from "./users.ts";
import { registerInboundCommands } from "./inbound.ts";
import { registerSuppressionsCommands } from "./suppressions.ts";
import { registerLetterCommands } from "./letters.ts";
import { registerRetentionCommands } from "./retention.ts";
import { positiveInt } from "./parse.ts";

/** Set from the global --as option before a command runs. */
let actingAs: string | undefined;

async function run<T>(action: (ctx: Context) => Promise<T>): Promise<T> {
  const ctx = createContext(undefined, actingAs);
  try {
    return await action(ctx);
  } finally {
    await ctx.close();
  }
}

export function buildProgram(): Command {
  const program = new Command("budstikke")
    .description("Targeted member communications for trade unions")
    .showHelpAfterError()
    .exitOverride()
    .option("--as <email>", "act as this staff user (their role, scope and approval rules); default: the system operator")
    .hook("preAction", (command) => {
      actingAs = command.opts<{ as?: string }>().as;
    });
  registerMemberCommands(program, run);
  registerSegmentsCommands(program, run);
  registerConsentCommands(program, run);
  registerNewsletterCommands(program, run);
  registerTemplatesCommands(program, run);
  registerCampaignCommands(program, run);
  registerDemoCommands(program, run);
  registerLetterCommands(program, run);
  registerUsersCommands(program, run);
  registerTokensCommands(program, run);
  registerAuditCommands(program, run);
  registerSuppressionsCommands(program, run);
  registerInboundCommands(program, run);
  registerRetentionCommands(program, run);

  program
    .command("quickstart")
    .description("migrate, seed synthetic members and print a summary by county and status")
    .option("--members <n>", "number of synthetic members", positiveInt, 5000)
    .option("--json", "print JSON")
    .action((opts: { members: number; json?: boolean }) =>
      run(async (ctx) => {
        await migrateDatabase(ctx);
        const report = await seedMembers(ctx, opts.members, 1);
        const summary = await memberSummary(ctx.db);
        if (opts.json) return printJson({ import: report, summary });
        say(`Seeded ${opts.members} synthetic members: ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged.`);
        say("");
        printSummary(summary);
      }),
    );
  return program;
}

export async function main(argv = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof DomainError) {
      // The first line says what failed; then one line per problem, "path: message".
      if (error.issues.length === 0) note(error.message);
      else {
        note(error.message.split("\n")[0]!);
        for (const issue of error.issues) note(`${issue.path || "(input)"}: ${issue.message}`);
      }
      return error instanceof CliError ? error.exitCode : EXIT_CODE[error.kind];
    }
    if (error instanceof ConfigError || error instanceof MigrationError) {
      note(error.message);
      return 1;
    }
    const message = (error as Error).message ?? String(error);
    if (/Code: `42P01`|relation ".*" does not exist/.test(message)) {
      note("The database has no Budstikke tables yet: run `budstikke db migrate` (npm run cli -- db migrate).");
      return 1;
    }
    if (/ECONNREFUSED|Can't reach database|connect ECONN/.test(message)) {
      const detail = message.split("\n").map((l) => l.trim()).find((l) => /ECONNREFUSED|reach|connect/i.test(l) && !/invocation/.test(l));
      note(`Cannot reach PostgreSQL or Redis${detail ? ` (${detail})` : ""}. Are they running on the configured URLs? See README, Quick start.`);
      return 1;
    }
    note(`budstikke: ${message}`);
    if (process.env.LOG_LEVEL === "debug") note((error as Error).stack ?? "");
    return 1;
  }
}

process.exitCode = await main();
