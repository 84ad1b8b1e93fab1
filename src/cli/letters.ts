// Letter commands: print batches (list, download for the print house, handed over to the postal
// operator) and returned letters. Downloads are audited like the API's.
import type { Command } from "commander";
import { copyFile, mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { listPrintBatches, markHandedOver, printBatchDownload, recordReturnedLetters, type PrintBatchFile } from "../letters/service.ts";
import { CliError, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";

function fileOption(value: string): PrintBatchFile {
  if (value !== "zip" && value !== "pdf" && value !== "manifest") throw new CliError(`--file must be zip, pdf or manifest, not ${JSON.stringify(value)}`, 2);
  return value;
}

const nok = (n: number) => new Intl.NumberFormat("nb-NO", { style: "currency", currency: "NOK" }).format(n);

export function registerLetterCommands(program: Command, run: Run): void {
  const letters = program.command("letters").description("print batches of letters: list, download, mark handed over; returned letters");

  letters
    .command("batches")
    .description("list print batches, newest first")
    .option("--campaign <id>", "only this campaign's", positiveInt)
    .option("--json", "print JSON")
    .action((opts: { campaign?: number; json?: boolean }) =>
      run(async (ctx) => {
        const items = await listPrintBatches(ctx, await ctx.actor(), { campaignId: opts.campaign });
        if (opts.json) return printJson({ items });
        if (items.length === 0) return say("No print batches.");
        say(table([
          ["id", "campaign", "no.", "status", "letters", "pages", "sheets", "postage", "handed over"],
          ...items.map((b) => [
            b.id, `${b.campaignId} ${b.campaignName}`, b.number, b.status, `${b.letters}${b.belowBulkMinimum ? " (below bulk minimum)" : ""}`,
            b.pages, b.sheets, nok(b.postage), b.handedOverOn ?? (b.filesDeletedAt ? "files removed" : "-"),
          ]),
        ]));
      }),
    );

  letters
    .command("download <batch>")
    .description("copy a print batch's zip (PDF and manifest) to a directory for the print house; audited")
    .requiredOption("--out <dir>", "directory to write to (created if missing)")
    .option("--file <kind>", "zip (default), pdf or manifest", fileOption)
    .option("--json", "print JSON")
    .action((batch: string, opts: { out: string; file?: PrintBatchFile; json?: boolean }) =>
      run(async (ctx) => {
        const file = await printBatchDownload(ctx, await ctx.actor(), positiveInt(batch), opts.file ?? "zip");
        const dir = resolve(opts.out);
        await mkdir(dir, { recursive: true });
        const target = join(dir, file.filename);
        await copyFile(file.path, target);
        if (opts.json) return printJson({ path: target, bytes: file.size });
        say(`Wrote ${target} (${file.size} bytes).`);
      }),
    );

  letters
    .command("handed-over <batch>")
    .description("mark a print batch handed over to the postal operator; its letters become delivered")
    .option("--on <date>", "the date it was handed over, YYYY-MM-DD (default today, Europe/Oslo)")
    .option("--json", "print JSON")
    .action((batch: string, opts: { on?: string; json?: boolean }) =>
      run(async (ctx) => {
        const view = await markHandedOver(ctx, await ctx.actor(), positiveInt(batch), { on: opts.on });
        if (opts.json) return printJson(view);
        say(`Print batch ${view.id} (${view.letters} letters) handed over on ${view.handedOverOn}.`);
      }),
    );

  letters
    .command("returned <memberNumbers...>")
    .description("record letters returned by the postal operator: the members' postal addresses are marked invalid")
    .option("--json", "print JSON")
    .action((memberNumbers: string[], opts: { json?: boolean }) =>
      run(async (ctx) => {
        const result = await recordReturnedLetters(ctx, await ctx.actor(), memberNumbers);
        if (opts.json) return printJson(result);
        say(`Marked invalid: ${result.marked.length}. Already invalid: ${result.alreadyInvalid.length}. No postal address on file: ${result.noAddress.length}.`);
        if (result.unknown.length > 0) say(`Unknown member numbers (nothing recorded): ${result.unknown.join(", ")}`);
        if (result.unknown.length > 0 && result.marked.length + result.alreadyInvalid.length + result.noAddress.length === 0) throw new CliError("none of the member numbers is known", 2);
      }),
    );
}
