// Newsletter commands: named newsletters members subscribe to (opt-in).
import type { Command } from "commander";
import { createNewsletter, listNewsletters } from "../consent/newsletters.ts";
import { CliError, printJson, say, table } from "./output.ts";
import type { Run } from "./run.ts";

export function registerNewsletterCommands(program: Command, run: Run): void {
  const newsletters = program.command("newsletters").description("named newsletters (opt-in)");
  newsletters
    .command("add <slug> <name>")
    .description("create or rename a newsletter")
    .option("--json", "print JSON")
    .action((slug: string, name: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(slug)) throw new CliError("slug must be 1-40 lowercase letters, digits or '-'", 2);
        const n = await createNewsletter(ctx.db, { slug, name });
        if (opts.json) printJson(n);
        else say(`Newsletter ${n.id} (${n.slug}): ${n.name}`);
      }),
    );
  newsletters
    .command("list")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const all = await listNewsletters(ctx.db);
        if (opts.json) printJson(all);
        else say(table([["id", "slug", "name"], ...all.map((n) => [n.id, n.slug, n.name])]));
      }),
    );
}
