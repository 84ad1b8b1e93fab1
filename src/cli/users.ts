// Staff user commands. The password never goes on the command line (where `ps` and the shell
// history would see it): it is piped on standard input, typed at a prompt that does not echo,
// or replaced by a one-time setup link.
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { Option, type Command } from "commander";
import { ROLES, type Actor, type Role } from "../auth/actor.ts";
import { checkPassword } from "../auth/passwords.ts";
import { createUser, disableUser, enableUser, listUsers, normaliseEmail, setRole, setScope, type StaffUserView } from "../auth/users.ts";
import { notFound } from "../errors.ts";
import type { Context } from "./context.ts";
import { CliError, note, printJson, say, table } from "./output.ts";
import type { Run } from "./run.ts";

/** Commander collector for repeatable options (`--employer A --employer B`). */
export const collect = (value: string, previous: string[] = []) => [...previous, value];

interface ScopeOptions {
  employer?: string[];
  branch?: string[];
}

const scopeOptions = (command: Command) =>
  command
    .option("--employer <orgnr>", "employer organisation number in a steward's scope (repeatable)", collect)
    .option("--branch <code>", "branch code in a steward's scope (repeatable)", collect);

export function registerUsersCommands(program: Command, run: Run): void {
  const users = program.command("users").description("staff users: roles, scopes, passwords");

  scopeOptions(
    users
      .command("create")
      .description("create a staff user; the password comes from standard input, a hidden prompt, or a setup link")
      .requiredOption("--email <email>", "login email")
      .requiredOption("--name <name>", "full name")
      .addOption(new Option("--role <role>", "role").choices([...ROLES]).makeOptionMandatory()),
  )
    .option("--setup-link", "no password: print a one-time link (valid 72 hours) where the user sets it")
    .option("--json", "print JSON")
    .action((opts: { email: string; name: string; role: Role; setupLink?: boolean; json?: boolean } & ScopeOptions) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const password = opts.setupLink ? undefined : await readNewPassword();
        const result = await createUser(ctx, actor, {
          email: opts.email, name: opts.name, role: opts.role, employers: opts.employer, branches: opts.branch, password,
        });
        if (opts.json) return printJson(result);
        say(`Created ${describe(result.user)}.`);
        if (result.setupLink) {
          note("Send this one-time link to the user (valid 72 hours); it sets their password:");
          say(result.setupLink);
        }
      }),
    );

  users
    .command("list")
    .description("list staff users")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const all = await listUsers(ctx, await ctx.actor());
        if (opts.json) return printJson(all);
        if (all.length === 0) return say("No staff users yet: `budstikke users create --email … --name … --role admin`.");
        say(table([
          ["id", "email", "name", "role", "scope", "state", "2fa", "last login"],
          ...all.map((u) => [
            u.id, u.email, u.name, u.role, scopeText(u), u.disabled ? "disabled" : u.pendingSetup ? "setup pending" : "active",
            u.totpEnabled ? "yes" : "no", u.lastLoginAt ?? "never",
          ]),
        ]));
      }),
    );

  users
    .command("disable <email>")
    .description("disable a user: their sessions and API tokens stop working at once")
    .option("--json", "print JSON")
    .action((email: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const user = await disableUser(ctx, actor, (await userByEmail(ctx, actor, email)).id);
        if (opts.json) return printJson(user);
        say(`Disabled ${describe(user)}; their sessions and API tokens are revoked.`);
      }),
    );

  users
    .command("enable <email>")
    .description("enable a disabled user (revoked tokens stay revoked)")
    .option("--json", "print JSON")
    .action((email: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const user = await enableUser(ctx, actor, (await userByEmail(ctx, actor, email)).id);
        if (opts.json) return printJson(user);
        say(`Enabled ${describe(user)}.`);
      }),
    );

  scopeOptions(
    users
      .command("set-role <email> <role>")
      .description("change a user's role (a steward needs a scope); their sessions end"),
  )
    .option("--json", "print JSON")
    .action((email: string, role: string, opts: { json?: boolean } & ScopeOptions) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const user = await setRole(ctx, actor, (await userByEmail(ctx, actor, email)).id, role, { employers: opts.employer, branches: opts.branch });
        if (opts.json) return printJson(user);
        say(`Changed ${describe(user)}.`);
      }),
    );

  scopeOptions(
    users
      .command("set-scope <email>")
      .description("replace a steward's scope with the employers and branches given"),
  )
    .option("--json", "print JSON")
    .action((email: string, opts: { json?: boolean } & ScopeOptions) =>
      run(async (ctx) => {
        const actor = await ctx.actor();
        const user = await setScope(ctx, actor, (await userByEmail(ctx, actor, email)).id, opts.employer ?? [], opts.branch ?? []);
        if (opts.json) return printJson(user);
        say(`Changed ${describe(user)}.`);
      }),
    );
}

/** The user with this email, found through the (authorising) user list, so a role without users.manage learns nothing. */
export async function userByEmail(ctx: Context, actor: Actor, email: string): Promise<StaffUserView> {
  const wanted = normaliseEmail(email);
  const user = (await listUsers(ctx, actor)).find((u) => u.email === wanted);
  if (!user) throw notFound(`no staff user with email ${wanted}`);
  return user;
}

function scopeText(user: StaffUserView): string {
  const parts = [...user.scope.employers, ...user.scope.branches.map((b) => `branch ${b}`)];
  return parts.length > 0 ? parts.join(", ") : user.role === "steward" ? "(none)" : "all";
}

function describe(user: StaffUserView): string {
  const scope = user.role === "steward" ? ` (scope: ${scopeText(user)})` : "";
  return `user ${user.id} ${user.email}, role ${user.role}${scope}${user.disabled ? ", disabled" : ""}`;
}

/** Piped: standard input. At a terminal: a prompt that does not echo, asked twice. Checked before anything is created. */
async function readNewPassword(): Promise<string> {
  const password = process.stdin.isTTY ? await promptNewPassword() : await readPasswordFromStdin();
  if (password === "" && !process.stdin.isTTY) {
    throw new CliError("no password on standard input: pipe one in (echo \"$PW\" | budstikke users create …) or use --setup-link", 2);
  }
  checkPassword(password);
  return password;
}

/** All of standard input, less one trailing line break (what `echo "$PW" |` adds). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

async function promptNewPassword(): Promise<string> {
  const first = await promptHidden("Password (at least 12 characters): ");
  checkPassword(first);
  const second = await promptHidden("Repeat the password: ");
  if (first !== second) throw new CliError("the passwords differ: nothing was created", 2);
  return first;
}

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  // readline echoes keystrokes through its output stream; this one drops everything while muted.
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const interrupted = new Promise<never>((_, reject) => {
    rl.once("SIGINT", () => reject(new CliError("cancelled: nothing was created", 1)));
    rl.once("close", () => reject(new CliError("no password given: nothing was created", 2)));
  });
  // Handled here too, so the rejection that closing causes later is not "unhandled".
  interrupted.catch(() => undefined);
  try {
    process.stderr.write(question);
    muted = true;
    return await Promise.race([rl.question(""), interrupted]);
  } finally {
    muted = false;
    process.stderr.write("\n");
    rl.close();
  }
}
