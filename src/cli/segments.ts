// `budstikke segment …`: preview rules, save segments (each edit a new version), list and show them.
import { readFileSync } from "node:fs";
import { InvalidArgumentError, type Command } from "commander";
import type { SegmentPreview, SegmentSummaryView } from "../contracts/segments.ts";
import { createSegment, listSavedSegments, previewSegment, showSegment, updateSegment } from "../segments/service.ts";
import { CliError, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";

/** Commands for the segments area. */
export function registerSegmentsCommands(program: Command, run: Run): void {
  const segment = program.command("segment").description("segments: rules that select members");

  segment
    .command("preview")
    .description("count, sample and breakdowns of the members a rule selects")
    .requiredOption("--rules <file>", "rules as JSON, or - for stdin")
    .option("--json", "print exactly one JSON object")
    .action((opts: { rules: string; json?: boolean }) =>
      run(async (ctx) => {
        const rules = readRules(opts.rules);
        const result = await previewSegment(ctx, await ctx.actor(), rules);
        if (opts.json) {
          const { count, sample, breakdown } = result;
          printJson({ count, sample, breakdown });
        } else printPreview(result);
      }),
    );

  segment
    .command("save")
    .description("save a new segment, or with --id a new version of an existing one")
    .option("--name <name>", "segment name (required for a new segment)")
    .option("--description <text>", "what the segment is for")
    .requiredOption("--rules <file>", "rules as JSON, or - for stdin")
    .option("--id <id>", "save as a new version of this segment", segmentId)
    .option("--json", "print JSON")
    .action((opts: { name?: string; description?: string; rules: string; id?: number; json?: boolean }) =>
      run(async (ctx) => {
        if (opts.id === undefined && !opts.name?.trim()) throw new CliError("a new segment needs --name", 2);
        const rules = readRules(opts.rules);
        const actor = await ctx.actor();
        const { saved } = opts.id === undefined
          ? await createSegment(ctx, actor, { name: opts.name!, description: opts.description, rules })
          : await updateSegment(ctx, actor, opts.id, { name: opts.name, description: opts.description, rules });
        ctx.logger.info({ segmentId: saved.segmentId, version: saved.version }, "segment saved");
        if (opts.json) printJson(saved);
        else say(`Saved segment ${saved.segmentId} version ${saved.version} (version id ${saved.segmentVersionId}).`);
      }),
    );

  segment
    .command("list")
    .description("saved segments with their latest version")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const segments: SegmentSummaryView[] = [];
        let cursor: string | undefined;
        do {
          const page = await listSavedSegments(ctx, actor, { cursor, limit: 500 });
          segments.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor !== undefined);
        if (opts.json) return printJson(segments);
        if (segments.length === 0) return say("No segments yet: save one with `segment save --name … --rules FILE`.");
        say(table([["id", "name", "version", "updated"], ...segments.map((s) => [s.id, s.name, s.latestVersion, s.updatedAt])]));
      }),
    );

  segment
    .command("show")
    .description("a segment with all its versions (newest first)")
    .argument("<id>", "segment id", segmentId)
    .option("--json", "print JSON")
    .action((id: number, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const detail = await showSegment(ctx, await ctx.actor(), id);
        if (opts.json) return printJson(detail);
        say(`${detail.name} (segment ${detail.id})`);
        if (detail.description) say(detail.description);
        for (const v of detail.versions) {
          say("");
          say(`version ${v.version} (id ${v.id}, ${v.createdAt}):`);
          say(JSON.stringify(v.rules, null, 2));
        }
      }),
    );
}

function segmentId(value: string): number {
  try {
    return positiveInt(value);
  } catch {
    throw new InvalidArgumentError("must be a segment id (a positive whole number)");
  }
}

function readRules(source: string): unknown {
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (error) {
    throw new CliError(`cannot read rules from ${source === "-" ? "stdin" : source}: ${(error as Error).message}`, 2);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`the rules are not valid JSON: ${(error as Error).message}`, 2);
  }
}


function printPreview(result: SegmentPreview): void {
  say(`${result.count} members (age evaluated on ${result.evaluatedOn})`);
  const { email, sms, letter } = result.breakdown.reachable;
  say(`reachable: ${email} by email, ${sms} by SMS, ${letter} by letter`);
  if (result.sample.length > 0) {
    say("");
    say(table([["member", "name", "municipality", "status"], ...result.sample.map((s) => [s.memberNumber, s.name, s.municipality ?? "-", s.status])]));
  }
  const byCount = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]);
  say("");
  say(table([["county", "members"], ...byCount(result.breakdown.county)]));
  say("");
  say(table([["status", "members"], ...byCount(result.breakdown.status)]));
}
