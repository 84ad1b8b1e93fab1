// Newsletter commands: named newsletters members subscribe to (opt-in).
import type { Command } from "commander";
import { createNewsletterFor, listNewslettersFor } from "../consent/newsletters-service.ts";
import { printJson, say, table } from "./output.ts";
import type { Run } from "./run.ts";

export function registerNewsletterCommands(program: Command, run: Run): void {
  const newsletters = program.command("newsletters").description("named newsletters (opt-in)");
  newsletters
    .command("add <slug> <name>")
    .description("create or rename a newsletter")
    .option("--json", "print JSON")
    .action((slug: string, name: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const { newsletter: n, created } = await createNewsletterFor(ctx, await ctx.actor(), { slug, name }, { renameExisting: true });
        if (opts.json) printJson(n);
        else say(`Newsletter ${n.id} (${n.slug}): ${n.name}${created ? "" : " (renamed)"}`);
      }),
    );
  newsletters
    .command("list")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const all = await listNewslettersFor(ctx, await ctx.actor());
        if (opts.json) printJson(all);
        else say(table([["id", "slug", "name"], ...all.map((n) => [n.id, n.slug, n.name])]));
      }),
    );
}
