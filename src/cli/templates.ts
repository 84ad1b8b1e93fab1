import { readFile, writeFile } from "node:fs/promises";
import { InvalidArgumentError, Option, type Command } from "commander";
import { CHANNELS, type ChannelName } from "../consent/purposes.ts";
import { enqueueTestSend } from "../queues/queues.ts";
import { previewTemplateFor } from "../templates/preview-service.ts";
import { LANGUAGES, type Language } from "../templates/schema.ts";
import { getTemplateFor, listTemplatesFor, saveTemplateFor, type TemplateSummaryView } from "../templates/service.ts";
import { requestTestSend } from "../templates/test-send.ts";
import { CliError, note, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";

function templateId(value: string): number {
  return positiveInt(value);
}

/** Commands for the templates area. */
export function registerTemplatesCommands(program: Command, run: Run): void {
  const template = program.command("template").alias("templates").description("message templates (email, SMS, letter)");

  template
    .command("save")
    .description("check a template file and save it as a new template or a new version")
    .requiredOption("--file <file>", "template JSON (format in README, section Templates)")
    .option("--id <id>", "save as a new version of this template (overrides \"id\" in the file)", templateId)
    .option("--json", "print the result as JSON")
    .action((opts: { file: string; id?: number; json?: boolean }) =>
      run(async (ctx) => {
        let input: unknown;
        try {
          input = JSON.parse(await readFile(opts.file, "utf8"));
        } catch (error) {
          throw new CliError(`cannot read ${opts.file} as JSON: ${(error as Error).message}`, 2);
        }
        const result = await saveTemplateFor(ctx, await ctx.actor(), input, opts.id !== undefined ? { templateId: opts.id } : {});
        ctx.logger.info({ templateId: result.templateId, version: result.version }, "template saved");
        if (opts.json) return printJson({ ok: true, ...result });
        say(`Saved template ${result.templateId} version ${result.version} (version id ${result.templateVersionId}).`);
        for (const w of result.warnings) note(`warning: ${w.channel}.${w.language}: ${w.message}`);
      }),
    );

  template
    .command("preview <id>")
    .description("render a template for a member (or the sample member) exactly as it would be sent")
    .addOption(new Option("--channel <channel>", "channel").choices([...CHANNELS]).makeOptionMandatory())
    .option("--member <memberNumber>", "a real member's number")
    .option("--sample", "use the built-in sample member")
    .addOption(new Option("--language <language>", "render in this language").choices([...LANGUAGES]))
    .option("--version <n>", "template version (default: latest)", positiveInt)
    .option("--out <file>", "write to this file instead of stdout")
    .action(
      (id: string, opts: { channel: ChannelName; member?: string; sample?: boolean; language?: Language; version?: number; out?: string }) =>
        run(async (ctx) => {
          if (!/^\d+$/.test(id)) throw new InvalidArgumentError("template id must be a number");
          if (!!opts.member === !!opts.sample) throw new CliError("give exactly one of --member MEMBER_NUMBER or --sample", 2);
          const preview = await previewTemplateFor(ctx, await ctx.actor(), Number(id), {
            version: opts.version, channel: opts.channel, memberNumber: opts.member, language: opts.language,
          });
          if (opts.out) {
            await writeFile(opts.out, preview.body);
            note(`Wrote ${preview.contentType} to ${opts.out}.`);
          } else {
            process.stdout.write(preview.body);
            if (typeof preview.body === "string" && !preview.body.endsWith("\n")) process.stdout.write("\n");
          }
          if (preview.channel === "email") note(`Subject: ${preview.email.subject}`);
          if (preview.channel === "sms") note(`${preview.sms.encoding}, ${preview.sms.characters} characters, ${preview.sms.segments} segment(s)`);
        }),
    );

  template
    .command("list")
    .description("list templates")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const templates: TemplateSummaryView[] = [];
        let cursor: string | undefined;
        do {
          const page = await listTemplatesFor(ctx, actor, { cursor, limit: 500 });
          templates.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        if (opts.json) return printJson(templates);
        if (templates.length === 0) return say("No templates yet: `budstikke template save --file template.json`.");
        say(table([
          ["id", "name", "purpose", "version", "channels"],
          ...templates.map((t) => [t.id, t.name, t.purpose, t.latestVersion, t.channels.join(",")]),
        ]));
      }),
    );

  template
    .command("show <id>")
    .description("show a template version's source and history")
    .option("--version <n>", "version (default: latest)", positiveInt)
    .option("--json", "print JSON")
    .action((id: string, opts: { version?: number; json?: boolean }) =>
      run(async (ctx) => {
        if (!/^\d+$/.test(id)) throw new CliError("template id must be a number", 2);
        const detail = await getTemplateFor(ctx, await ctx.actor(), Number(id), opts.version);
        if (opts.json) return printJson(detail);
        say(`Template ${detail.templateId} "${detail.name}" (purpose ${detail.purpose}), version ${detail.version} of ${detail.versions.length}, version id ${detail.templateVersionId}`);
        say(`Saved ${detail.createdAt}`);
        for (const w of detail.warnings) say(`warning: ${w.channel}.${w.language}: ${w.message}`);
        say("");
        say(JSON.stringify(detail.source, null, 2));
      }),
    );

  template
    .command("test-send <id>")
    .description("send a test of a template (sample member) to your own email address; needs --as EMAIL and running workers")
    .addOption(new Option("--language <language>", "render in this language").choices([...LANGUAGES]))
    .option("--version <n>", "template version (default: latest)", positiveInt)
    .option("--json", "print JSON")
    .action((id: string, opts: { language?: Language; version?: number; json?: boolean }) =>
      run(async (ctx) => {
        if (!/^\d+$/.test(id)) throw new CliError("template id must be a number", 2);
        const queued = await requestTestSend(
          { ...ctx, enqueueTestSend: (job) => enqueueTestSend(ctx.queues, job) },
          await ctx.actor(), Number(id), { channel: "email", language: opts.language, version: opts.version },
        );
        if (opts.json) return printJson(queued);
        say(`Queued a test of template ${id} to ${queued.to}; a worker sends it.`);
      }),
    );
}
