// Parent side of the benchmark's SMTP sink: forks bench/smtp-sink-process.ts (under tsx, like
// this script) and talks to it over IPC. A separate process, because a sink in the sender's
// own event loop would steal the very CPU time the benchmark measures.
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { SinkReply, SinkReport, SinkRequest } from "./smtp-sink-process.ts";

export interface SinkProcess {
  url: string;
  pid: number;
  stats(): Promise<SinkReport>;
  /** The counters so far, then forgets them (a new measurement window). */
  reset(): Promise<SinkReport>;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./smtp-sink-process.ts", import.meta.url));

export async function startSinkProcess(timeoutMs = 30_000): Promise<SinkProcess> {
  const child: ChildProcess = fork(SCRIPT, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("SMTP sink process did not start")), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`SMTP sink process exited with ${code}`)));
    child.once("message", (reply: SinkReply) => {
      clearTimeout(timer);
      if (reply.type === "ready") resolve(reply.port);
      else reject(new Error(`unexpected first message from the sink: ${reply.type}`));
    });
  });

  // One request at a time, so each reply belongs to the request before it.
  let queue: Promise<unknown> = Promise.resolve();
  const ask = (type: "stats" | "reset") => {
    const next = queue.then(
      () =>
        new Promise<SinkReport>((resolve, reject) => {
          child.once("message", (reply: SinkReply) => {
            if (reply.type === type) {
              const { type: _t, ...report } = reply;
              resolve(report);
            } else reject(new Error(`sink answered ${reply.type} to ${type}`));
          });
          child.send({ type } satisfies SinkRequest);
        }),
    );
    queue = next.catch(() => undefined);
    return next;
  };

  let stopping: Promise<void> | undefined;
  return {
    url: `smtp://127.0.0.1:${port}`,
    pid: child.pid!,
    stats: () => ask("stats"),
    reset: () => ask("reset"),
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        child.send({ type: "stop" } satisfies SinkRequest);
        // A sink stuck on open pooled connections gets a firm nudge, by its own pid only.
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      })),
  };
}
