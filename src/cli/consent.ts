// Consent-area commands: the HTTP server and member rights (export/erase).
import type { Command } from "commander";
import { buildApp } from "../http/app.ts";
import { startServer, type BackgroundService } from "../http/server.ts";
import { createPipeline } from "../workers/pipeline.ts";
import { eraseMemberRecord, exportMemberRecord } from "../members/service.ts";
import { note, printJson, say } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Context } from "./context.ts";
import type { Run } from "./run.ts";

export function registerConsentCommands(program: Command, run: Run): void {
  program
    .command("serve")
    .description("start the HTTP server (unsubscribe pages, preference centre, provider webhooks)")
    .option("--port <n>", "port (default PORT)", positiveInt)
    .option("--host <host>", "interface to listen on", "0.0.0.0")
    .option("--no-workers", "do not run the delivery workers in this process")
    .action((opts: { port?: number; host: string; workers: boolean }) => run((ctx) => serve(ctx, opts)));

  const members = program.commands.find((c) => c.name() === "members") ?? program.command("members");
  members
    .command("export <memberNumber>")
    .description("print all personal data held about a member, with consent history, as JSON (GDPR art. 15)")
    .action((memberNumber: string) =>
      run(async (ctx) => {
        printJson(await exportMemberRecord(ctx, await ctx.actor(), memberNumber));
      }),
    );
  members
    .command("erase <memberNumber>")
    .description("remove a member's personal data; suppressions and refusals stay, keyed by hashes (GDPR art. 17)")
    .option("--json", "print the result as JSON")
    .action((memberNumber: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const report = await eraseMemberRecord(ctx, await ctx.actor(), memberNumber);
        if (opts.json) printJson(report);
        else say(`Erased member ${memberNumber}; ${report.restrictionsKept} opt-outs/objections kept for a re-import.`);
      }),
    );
}

/**
 * Runs the HTTP app until SIGTERM/SIGINT, with the delivery workers unless told not to. The app
 * gets the queues either way (public pages hand fresh-link requests to the workers).
 */
export async function serve(ctx: Context, opts: { port?: number; host?: string; workers: boolean }): Promise<void> {
  const pipeline = createPipeline(ctx);
  const app = await buildApp({ db: ctx.db, config: ctx.config, clock: ctx.clock, logger: ctx.logger, queues: pipeline.queues });
  const pipelineService: BackgroundService = {
    name: opts.workers ? "delivery-workers" : "queues",
    start: async () => void (opts.workers && pipeline.startWorkers()),
    stop: () => pipeline.close(),
  };
  const server = await startServer(app, {
    port: opts.port ?? ctx.config.PORT, host: opts.host ?? "0.0.0.0", logger: ctx.logger, services: [pipelineService],
  });
  note(`Budstikke is listening on port ${opts.port ?? ctx.config.PORT}${opts.workers ? " with delivery workers" : ""}; links point at ${ctx.config.PUBLIC_URL}. Ctrl-C stops it.`);
  note(`Staff API: ${ctx.config.PUBLIC_URL}/api/v1 (documentation at /api/docs).`);
  if ((await ctx.db.staffUser.count()) === 0) {
    note("No staff users yet. Create the first admin: echo 'a passphrase of 12+ characters' | npm run -s cli -- users create --email you@example.no --name 'Your Name' --role admin");
  }
  await server.closed;
}
