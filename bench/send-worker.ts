// The benchmark's worker: `budstikke worker` in a process of its own, exactly as production runs
// it, so its memory and CPU are its own and can be read from /proc.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const BIN = fileURLToPath(new URL("../bin/budstikke.js", import.meta.url));

export interface WorkerProcess {
  pid: number;
  /** Resident memory now, MiB. */
  rssMiB(): number | null;
  /** The most resident memory the process ever had (VmHWM), MiB. */
  peakRssMiB(): number | null;
  /** What the worker logged on stderr. */
  stderr(): string;
  /** SIGTERM, then waits for it to finish its jobs and exit. */
  stop(): Promise<void>;
}

function statusField(pid: number, field: string): number | null {
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round((Number(kb) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

export async function startWorkerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, "worker"], { env: { ...process.env, ...env }, stdio: ["ignore", process.env.BENCH_WORKER_STDOUT ? "inherit" : "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const deadline = Date.now() + timeoutMs;
  while (!stderr.includes("Workers running")) {
    if (child.exitCode !== null) throw new Error(`the worker exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`the worker did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const pid = child.pid!;
  return {
    pid,
    rssMiB: () => statusField(pid, "VmRSS"),
    peakRssMiB: () => statusField(pid, "VmHWM"),
    stderr: () => stderr,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
