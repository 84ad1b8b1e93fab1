// Acceptance: `kill -9` of a worker process in the middle of a campaign, then a restart:
// no duplicates and nothing missing. And the one remaining window, measured: a crash after the
// provider accepted a message but before the database recorded it re-sends that message once.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { allDone, startHarness, type Harness } from "../support/pipeline-harness.ts";
import { ROOT } from "../support/cli.ts";

const h = await startHarness({ members: 600, workers: false });
afterAll(() => h.close());

// One message in flight at a time, quick takeover of a dead worker's batch.
const workerEnv = {
  SEND_CONCURRENCY: "1", BATCH_CONCURRENCY: "1", CLAIM_LEASE_MS: "500", JOB_LOCK_MS: "1500", RETRY_BASE_MS: "50",
  EMAIL_RATE_PER_SECOND: "100000", SMS_RATE_PER_SECOND: "100000",
};

const children: ChildProcess[] = [];
function startWorker(harness: Harness): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(ROOT, "src/cli/main.ts"), "worker"], {
    cwd: ROOT, env: { ...process.env, ...harness.env, ...workerEnv }, stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.resume();
  children.push(child);
  return child;
}
const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited(child);
  }
  h.sink.setPolicy({});
});

const countsFor = (campaignId: number) =>
  [...h.sink.acceptedIds].filter(([id]) => id.includes(`.c${campaignId}@`)).map(([, n]) => n);

async function expectedEmails(): Promise<string[]> {
  const members = await h.db.member.findMany({ where: { email: { not: null }, status: { not: "resigned" } } });
  return members.map((m) => m.email!.toLowerCase()).sort();
}

describe("when a worker is killed with SIGKILL in the middle of a campaign and restarted", () => {
  it("should send every message exactly once", async () => {
    let worker = startWorker(h);
    let killed = false;
    h.sink.setPolicy({
      respond: (event) => {
        // Kill during the 150th message's DATA, before answering: that message is not accepted.
        if (event.stage !== "data" || killed || h.sink.stats.accepted < 150) return undefined;
        killed = true;
        worker.kill("SIGKILL");
        return { code: 421, message: "4.3.2 Service shutting down" };
      },
    });
    const campaignId = await h.launch({ channels: ["email"] });
    await exited(worker);
    expect(killed).toBe(true);
    const sending = await h.db.delivery.count({ where: { campaignId, status: "sending" } });
    expect(sending).toBe(1); // the message in flight when it died

    worker = startWorker(h);
    await h.waitFor(campaignId, allDone, 90_000);
    const received = h.sink.messages.filter((m) => m.messageId?.includes(`.c${campaignId}@`)).map((m) => m.to[0]!.toLowerCase()).sort();
    expect(received).toEqual(await expectedEmails());
    expect(countsFor(campaignId).every((n) => n === 1)).toBe(true);
  });
});

describe("when a worker dies after the provider accepted a message but before recording it", () => {
  it("should re-send exactly that one message, with the same Message-ID, and nothing else twice", async () => {
    let worker = startWorker(h);
    let killed = false;
    h.sink.setPolicy({
      respond: (event) => {
        // Kill, then accept: the server has the message, the worker never heard the 250.
        if (event.stage !== "data" || killed || countsFor(latest).length < 100) return undefined;
        killed = true;
        worker.kill("SIGKILL");
        return undefined;
      },
    });
    let latest = -1;
    latest = await h.launch({ channels: ["email"] });
    await exited(worker);
    expect(killed).toBe(true);

    worker = startWorker(h);
    await h.waitFor(latest, allDone, 90_000);
    const counts = countsFor(latest);
    expect(counts.filter((n) => n === 2)).toHaveLength(1);
    expect(counts.filter((n) => n > 2)).toHaveLength(0);
    expect(counts.length).toBe((await expectedEmails()).length);
  });
});
