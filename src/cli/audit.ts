// Reading the audit trail from the command line (the same service as GET /api/v1/audit).
import { InvalidArgumentError, type Command } from "commander";
import { listAudit } from "../audit/query.ts";
import { CliError, note, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";
import { userByEmail } from "./users.ts";

function isoInstant(value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) throw new InvalidArgumentError("must be an ISO 8601 date or time, e.g. 2026-03-01 or 2026-03-01T12:00:00Z");
  return at;
}

export function registerAuditCommands(program: Command, run: Run): void {
  const audit = program.command("audit").description("the audit trail of staff actions and reads of personal data");

  audit
    .command("list")
    .description("list audit entries, newest first")
    .option("--actor <id>", "only this staff user (id or email)")
    .option("--action <action>", "an exact action, or a prefix ending in '.' (e.g. users.)")
    .option("--target-type <type>", "e.g. staff_user, api_token, member, campaign")
    .option("--target-id <id>", "the target's id")
    .option("--since <iso>", "from this time (inclusive)", isoInstant)
    .option("--until <iso>", "up to this time (exclusive)", isoInstant)
    .option("--limit <n>", "entries per page (at most 500)", positiveInt, 100)
    .option("--cursor <cursor>", "the nextCursor of an earlier page")
    .option("--json", "print JSON: {items, nextCursor}")
    .action(
      (opts: { actor?: string; action?: string; targetType?: string; targetId?: string; since?: Date; until?: Date; limit: number; cursor?: string; json?: boolean }) =>
        run(async (ctx) => {
          const actor = await ctx.actor();
          let actorId: number | undefined;
          if (opts.actor !== undefined) {
            if (opts.actor.includes("@")) actorId = (await userByEmail(ctx, actor, opts.actor)).id;
            else if (/^[1-9]\d{0,9}$/.test(opts.actor)) actorId = Number(opts.actor);
            else throw new CliError("--actor must be a staff user's id or email", 2);
          }
          const page = await listAudit(ctx, actor, {
            actorId, action: opts.action, targetType: opts.targetType, targetId: opts.targetId,
            from: opts.since, to: opts.until, limit: opts.limit, cursor: opts.cursor,
          });
          if (opts.json) return printJson(page);
          if (page.items.length === 0) return say("No audit entries match.");
          say(table([
            ["id", "at", "actor", "action", "target", "details"],
            ...page.items.map((e) => [e.id, e.at, e.actor, e.action, e.targetType ? `${e.targetType}:${e.targetId ?? ""}` : "", e.details === null ? "" : JSON.stringify(e.details)]),
          ]));
          if (page.nextCursor) note(`More entries: add --cursor ${page.nextCursor}`);
        }),
    );
}
