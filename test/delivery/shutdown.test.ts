// Graceful shutdown: `budstikke worker` in a child process, sending slowly (20 emails a
// second); on SIGTERM it stops taking jobs, finishes what is in flight, closes its
// connections and exits 0. Nothing is left in `sending`, and nothing arrives afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.ts";
import { startHarness } from "../support/pipeline-harness.ts";

const h = await startHarness({ members: 600, workers: false });
let child: ChildProcess | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await h.close();
});

function startWorkerProcess(env: Record<string, string>): { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>; stderr: () => string } {
  const proc = spawn(process.execPath, [resolve(ROOT, "bin/budstikke.js"), "worker"], {
    cwd: ROOT,
    env: { ...process.env, ...h.env, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  proc.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => proc.on("exit", (code, signal) => done({ code, signal })));
  return { child: proc, exited, stderr: () => stderr };
}

/** Polls until the check returns a value, with a deadline. */
async function until<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("when a worker process gets SIGTERM in the middle of a campaign", () => {
  it("should finish what is in flight, leave nothing in sending, exit 0 and send nothing more", async () => {
    const worker = startWorkerProcess({ EMAIL_RATE_PER_SECOND: "20", DELIVERY_BATCH_SIZE: "20", SEND_CONCURRENCY: "5" });
    child = worker.child;
    const campaignId = await h.launch({ channels: ["email"] });
    await h.sink.waitFor(30, 60_000);
    // Signal while sends are in flight: rows claimed (`sending`) that the worker must finish.
    const inFlight = await until(async () => {
      const rows = await h.db.delivery.findMany({ where: { campaignId, status: "sending" }, select: { id: true } });
      return rows.length > 0 ? rows.map((r) => r.id) : undefined;
    });

    const signalledAt = Date.now();
    worker.child.kill("SIGTERM");
    const deadline = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit 20 s after SIGTERM; stderr: ${worker.stderr()}`)), 20_000));
    const { code, signal } = await Promise.race([worker.exited, deadline]);
    expect({ code, signal, stderr: worker.stderr() }).toMatchObject({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(20_000);
    const acceptedAtExit = h.sink.stats.accepted;

    const rows = await h.db.delivery.groupBy({ by: ["status"], where: { campaignId }, _count: true });
    const count = (status: string) => rows.find((r) => r.status === status)?._count ?? 0;
    expect(count("sending")).toBe(0);
    const wereInFlight = await h.db.delivery.findMany({ where: { id: { in: inFlight } } });
    // Claimed rows are either sent or, when consent said no (no address, say), skipped: none is left half-done.
    expect(wereInFlight.filter((d) => d.status !== "sent" && d.status !== "skipped")).toEqual([]);
    // It stopped early: most of the campaign still waits for a worker.
    expect(count("pending")).toBeGreaterThan(300);
    // What the database calls sent is exactly what arrived, each once: every send in flight
    // at SIGTERM was finished and recorded before the process exited.
    expect(count("sent")).toBe(acceptedAtExit);
    expect([...h.sink.acceptedIds.values()].every((n) => n === 1)).toBe(true);
    const campaign = await h.db.campaign.findUniqueOrThrow({ where: { id: campaignId } });
    expect(campaign.state).toBe("sending");

    // The process is gone and its SMTP connections with it: the sink's count cannot move.
    expect(h.sink.stats.accepted).toBe(acceptedAtExit);
    expect(await h.db.delivery.count({ where: { campaignId, status: "sent" } })).toBe(acceptedAtExit);
  });
});
