// A throw-away Dovecot IMAP server (Debian's dovecot-imapd, 2.3) for one test file: loopback on a
// free port, one user with a plaintext password, no TLS, Maildir storage, config and log in a
// temp dir of its own. Tests run as root, and Dovecot refuses to give mail access to root, so the
// mail belongs to the package's `dovecot` user and the login processes run as `dovenull`.
//
// By hand (Ctrl-C stops it and removes the temp dir):
//   . /root/.budenv && node --input-type=module -e '
//     const { startDovecot } = await import("./test/support/dovecot.ts");
//     const d = await startDovecot(); console.log(d.url, d.logFile);
//     process.on("SIGINT", () => d.stop().then(() => process.exit(0)));'
// or run `/usr/sbin/dovecot -F -c <temp dir>/dovecot.conf` on a config this file wrote.
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { freePort } from "./free-port.ts";

const DOVECOT = "/usr/sbin/dovecot";

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** imap://user:pass@127.0.0.1:port/INBOX */
  url: string;
  /** Dovecot's own log, for a failing test to read. */
  logFile: string;
  /** Delivers a message over IMAP APPEND, creating the folder when missing. */
  append(folder: string, raw: string | Buffer, flags?: string[]): Promise<void>;
  /** Raw messages now in the folder, oldest first ([] when the folder does not exist). */
  messages(folder: string): Promise<Buffer[]>;
  folders(): Promise<string[]>;
  /** Stops the server (dropping open connections) and starts it again on the same port, same mail. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** True once the server answers with an IMAP greeting. */
async function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (chunk) => done(chunk.toString().startsWith("* OK")));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

function config(dir: string, port: number, uid: number): string {
  return `# Written by test/support/dovecot.ts
instance_name = budstikke-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
# A wrong password is answered at once, so the test of it is quick.
auth_failure_delay = 0
log_path = ${dir}/dovecot.log
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = ${uid}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`;
}

export async function startDovecot(): Promise<Dovecot> {
  const uid = Number(execFileSync("id", ["-u", "dovecot"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "dovecot"], { encoding: "utf8" }).trim());
  const port = await freePort();
  const user = "bounces";
  const password = "t3st-Pa55word";
  // Short path: Dovecot's unix sockets live under base_dir and socket paths are limited to 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), "budstikke-dovecot-"));
  chmodSync(dir, 0o755); // the mail processes run as `dovecot` and must reach mail/
  mkdirSync(join(dir, "mail"));
  chownSync(join(dir, "mail"), uid, gid);
  writeFileSync(join(dir, "passwd"), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  const conf = join(dir, "dovecot.conf");
  writeFileSync(conf, config(dir, port, uid));
  const logFile = join(dir, "dovecot.log");

  let child: ChildProcess | null = null;
  const launch = async () => {
    let stderr = "";
    // Its own process group (detached), so stop() can take down master and children together.
    const started = spawn(DOVECOT, ["-F", "-c", conf], { detached: true, stdio: ["ignore", "ignore", "pipe"] });
    started.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child = started;
    await until(`dovecot on ${port}`, async () => {
      if (started.exitCode !== null) throw new Error(`dovecot exited (${started.exitCode}): ${stderr}${tail(logFile)}`);
      return greets(port);
    }).catch((err: unknown) => {
      if (started.exitCode !== null) throw new Error(`dovecot exited (${started.exitCode}): ${stderr}${tail(logFile)}`);
      throw err;
    });
  };
  const halt = async () => {
    const running = child;
    child = null;
    if (!running || running.pid === undefined) return;
    // SIGTERM is a real server shutdown: Dovecot says BYE to every client and closes them.
    const group = -running.pid;
    signal(group, "SIGTERM");
    const gone = await Promise.race([exited(running).then(() => true), new Promise<false>((r) => setTimeout(r, 10_000, false))]);
    // Whatever is left of the group (or a master that would not stop) goes now.
    signal(group, "SIGKILL");
    if (!gone) await exited(running);
    await until(`port ${port} released`, () => portFree(port));
  };

  const withClient = async <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
    client.on("error", () => {}); // a restart drops this helper's connection too; the caller's command rejects
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };

  await launch();
  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    url: `imap://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/INBOX`,
    logFile,
    append: (folder, raw, flags) =>
      withClient(async (client) => {
        if (folder.toUpperCase() !== "INBOX") await client.mailboxCreate(folder);
        if (!(await client.append(folder, raw, flags))) throw new Error(`APPEND to ${folder} refused`);
      }),
    messages: (folder) =>
      withClient(async (client) => {
        const listed = (await client.list()).some((box) => box.path === folder);
        if (!listed) return [];
        const lock = await client.getMailboxLock(folder, { readOnly: true });
        try {
          if (client.mailbox === false || client.mailbox.exists === 0) return [];
          const fetched = await client.fetchAll("1:*", { uid: true, source: true });
          return fetched.sort((a, b) => a.uid - b.uid).map((m) => m.source ?? Buffer.alloc(0));
        } finally {
          lock.release();
        }
      }),
    folders: () => withClient(async (client) => (await client.list()).map((box) => box.path).sort()),
    async restart() {
      await halt();
      await launch();
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // already gone
  }
}

function tail(file: string): string {
  try {
    return `\n--- ${file} ---\n${readFileSync(file, "utf8").split("\n").slice(-20).join("\n")}`;
  } catch {
    return "";
  }
}
