// `budstikke worker` in a child process, as production runs it (Node's own type stripping, no
// loader), for the crash, chaos and shutdown tests: real processes, killed for real.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { ROOT } from "./cli.ts";

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote to stderr so far (logs). */
  stderr(): string;
}

export function startWorkerProcess(env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, [resolve(ROOT, "bin/budstikke.js"), "worker"], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.exitCode !== null || child.signalCode !== null
      ? done({ code: child.exitCode, signal: child.signalCode })
      : child.once("exit", (code, signal) => done({ code, signal })),
  );
  return { child, exited, stderr: () => stderr };
}

/** Stops every given worker that still runs (SIGTERM, then SIGKILL after a grace period). */
export async function stopWorkers(workers: Iterable<WorkerProcess>, graceMs = 15_000): Promise<void> {
  await Promise.all(
    [...workers].map(async (w) => {
      if (w.child.exitCode !== null || w.child.signalCode !== null) return;
      w.child.kill("SIGTERM");
      const timer = setTimeout(() => w.child.kill("SIGKILL"), graceMs);
      await w.exited;
      clearTimeout(timer);
    }),
  );
}
