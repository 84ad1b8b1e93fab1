// Suppression commands for staff: check one address, list, add, lift. Addresses are stored only as
// keyed hashes, so a list shows ids, channels, reasons and times, never an address.
import type { Command } from "commander";
import { addSuppression, liftSuppressionById, listSuppressions, type SuppressibleChannel } from "../deliveries/suppressions-service.ts";
import { SUPPRESSION_REASONS, type SuppressionReason } from "../consent/suppressions.ts";
import { CliError, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";

function channelOption(value: string): SuppressibleChannel {
  if (value !== "email" && value !== "sms") throw new CliError(`--channel must be email or sms, not ${JSON.stringify(value)}`, 2);
  return value;
}

function reasonOption(value: string): SuppressionReason {
  if (!(SUPPRESSION_REASONS as readonly string[]).includes(value)) throw new CliError(`--reason must be one of ${SUPPRESSION_REASONS.join(", ")}`, 2);
  return value as SuppressionReason;
}

/** email when the address has an @, else sms: what a person typing an address means. */
const channelOf = (address: string, given?: SuppressibleChannel): SuppressibleChannel => given ?? (address.includes("@") ? "email" : "sms");

export function registerSuppressionsCommands(program: Command, run: Run): void {
  const suppressions = program.command("suppressions").description("addresses that are never written to (bounces, complaints, STOP, staff)");

  suppressions
    .command("check <address>")
    .description("is this email address or phone number suppressed? prints {suppressed, reason, since}")
    .option("--channel <channel>", "email or sms (default: email when the address has an @)", channelOption)
    .option("--json", "print JSON")
    .action((address: string, opts: { channel?: SuppressibleChannel; json?: boolean }) =>
      run(async (ctx) => {
        const page = await listSuppressions(ctx, await ctx.actor(), { address, channel: channelOf(address, opts.channel), active: true, limit: 1 });
        const active = page.items[0];
        const result = { suppressed: active !== undefined, reason: active?.reason ?? null, since: active?.at ?? null };
        if (opts.json) return printJson(result);
        say(active ? `Suppressed since ${active.at} (${active.reason}${active.source ? `, ${active.source}` : ""}).` : "Not suppressed.");
      }),
    );

  suppressions
    .command("list")
    .description("list suppressions, newest first")
    .option("--channel <channel>", "email or sms", channelOption)
    .option("--all", "include lifted suppressions")
    .option("--limit <n>", "at most this many (1-500)", positiveInt, 50)
    .option("--json", "print JSON")
    .action((opts: { channel?: SuppressibleChannel; all?: boolean; limit: number; json?: boolean }) =>
      run(async (ctx) => {
        if (opts.limit > 500) throw new CliError("--limit must be at most 500", 2);
        const page = await listSuppressions(ctx, await ctx.actor(), { ...(opts.channel ? { channel: opts.channel } : {}), ...(opts.all ? {} : { active: true }), limit: opts.limit });
        if (opts.json) return printJson(page.items);
        if (page.items.length === 0) return say("No suppressions.");
        say(table([
          ["id", "channel", "reason", "source", "since", "lifted"],
          ...page.items.map((s) => [s.id, s.channel, s.reason, s.source ?? "", s.at, s.liftedAt ? `${s.liftedAt} (${s.liftReason ?? ""})` : ""]),
        ]));
      }),
    );

  suppressions
    .command("add <address>")
    .description("suppress an address (idempotent)")
    .option("--channel <channel>", "email or sms (default: email when the address has an @)", channelOption)
    .option("--reason <reason>", `one of ${SUPPRESSION_REASONS.join(", ")}`, reasonOption, "manual")
    .option("--note <text>", "why, for other staff (no contact details)")
    .option("--json", "print JSON")
    .action((address: string, opts: { channel?: SuppressibleChannel; reason: SuppressionReason; note?: string; json?: boolean }) =>
      run(async (ctx) => {
        const result = await addSuppression(ctx, await ctx.actor(), { channel: channelOf(address, opts.channel), address, reason: opts.reason, ...(opts.note ? { note: opts.note } : {}) });
        if (opts.json) return printJson(result);
        say(result.created ? `Suppressed (id ${result.suppression.id}).` : `Already suppressed since ${result.suppression.at} (id ${result.suppression.id}).`);
      }),
    );

  suppressions
    .command("remove <id>")
    .description("lift a suppression by id (the row stays, with when and why)")
    .requiredOption("--reason <text>", "why it is lifted")
    .option("--json", "print JSON")
    .action((id: string, opts: { reason: string; json?: boolean }) =>
      run(async (ctx) => {
        const lifted = await liftSuppressionById(ctx, await ctx.actor(), id, opts.reason);
        if (opts.json) return printJson(lifted);
        say(`Lifted suppression ${lifted.id} (${lifted.reason}).`);
      }),
    );
}
