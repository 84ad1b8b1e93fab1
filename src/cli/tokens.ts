// API token commands. A token is printed once, at creation; only its hash is stored.
import type { Command } from "commander";
import { createApiToken, listApiTokens, revokeApiToken } from "../auth/tokens.ts";
import { CliError, note, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";
import { userByEmail } from "./users.ts";

export function registerTokensCommands(program: Command, run: Run): void {
  const tokens = program.command("tokens").description("API tokens for scripts and integrations");

  tokens
    .command("create")
    .description("create an API token for a user (printed once)")
    .requiredOption("--user <email>", "the staff user the token acts as")
    .option("--name <name>", "what the token is for, e.g. the integration's name")
    .option("--expires-days <days>", "expire after this many days (1-3650; default: never)", positiveInt)
    .option("--json", "print JSON")
    .action((opts: { user: string; name?: string; expiresDays?: number; json?: boolean }) =>
      run(async (ctx) => {
        const created = await createApiToken(ctx, await ctx.actor(), { userEmail: opts.user, name: opts.name, expiresDays: opts.expiresDays });
        if (opts.json) return printJson(created);
        say(created.token);
        note(`API token ${created.apiToken.id} ("${created.apiToken.name}") for ${opts.user}${created.apiToken.expiresAt ? `, expires ${created.apiToken.expiresAt}` : ""}.`);
        note("It is shown only now: store it safely. Use it as `Authorization: Bearer <token>`.");
      }),
    );

  tokens
    .command("list")
    .description("list API tokens (never the tokens themselves)")
    .option("--user <email>", "only this user's tokens")
    .option("--json", "print JSON")
    .action((opts: { user?: string; json?: boolean }) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const userId = opts.user ? (await userByEmail(ctx, actor, opts.user)).id : undefined;
        const all = await listApiTokens(ctx, actor, { userId });
        if (opts.json) return printJson(all);
        if (all.length === 0) return say("No API tokens.");
        say(table([
          ["id", "user", "name", "created", "expires", "last used", "state"],
          ...all.map((t) => [t.id, t.userId, t.name, t.createdAt, t.expiresAt ?? "never", t.lastUsedAt ?? "never", t.revokedAt ? "revoked" : "active"]),
        ]));
      }),
    );

  tokens
    .command("revoke <id>")
    .description("revoke an API token: it stops working at once")
    .option("--json", "print JSON")
    .action((id: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        if (!/^[1-9]\d{0,9}$/.test(id)) throw new CliError("the token id must be a positive whole number (see `budstikke tokens list`)", 2);
        const revoked = await revokeApiToken(ctx, await ctx.actor(), Number(id));
        if (opts.json) return printJson(revoked);
        say(`Revoked API token ${revoked.id} ("${revoked.name}").`);
      }),
    );
}
