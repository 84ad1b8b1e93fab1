// Acceptance: `kill -9` of a worker process in the middle of a campaign, then a restart, at the
// default SEND_CONCURRENCY (50): nothing missing, and nothing twice except what the provider
// accepted within RECORD_FLUSH_MS + 50 ms before the kill. And the window itself, measured: a
// crash after the provider accepted a message but before it was recorded re-sends that message
// once, with the same Message-ID.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { duplicatesOutsideWindow } from "../support/duplicates.ts";
import { allDone, startHarness } from "../support/pipeline-harness.ts";
import { startWorkerProcess, stopWorkers, type WorkerProcess } from "../support/worker-process.ts";

// The sink keeps raw messages (no MIME parsing in the test process, which shares the two cores).
const h = await startHarness({ members: 1500, workers: false, sink: { store: "raw" } });
afterAll(() => h.close());

const RECORD_FLUSH_MS = 25;
// Default concurrency; quick takeover of a dead worker's claims and jobs; rates far above reach.
const workerEnv = {
  ...h.env, CLAIM_LEASE_MS: "600", JOB_LOCK_MS: "1500", RETRY_BASE_MS: "50", SWEEP_INTERVAL_MS: "1000",
  RECORD_FLUSH_MS: String(RECORD_FLUSH_MS), EMAIL_RATE_PER_SECOND: "100000", SMS_RATE_PER_SECOND: "100000",
};

const workers: WorkerProcess[] = [];
const startWorker = () => {
  const w = startWorkerProcess(workerEnv);
  workers.push(w);
  return w;
};
afterEach(async () => {
  await stopWorkers(workers.splice(0));
  h.sink.setPolicy({});
});

const ofCampaign = (campaignId: number) => new Map([...h.sink.acceptedAt].filter(([id]) => id.includes(`.c${campaignId}@`)));

async function expectedEmails(): Promise<string[]> {
  const members = await h.db.member.findMany({ where: { email: { not: null }, status: { not: "resigned" } } });
  return members.map((m) => m.email!.toLowerCase()).sort();
}

describe("when a worker is killed with SIGKILL in the middle of a campaign and restarted", () => {
  it("should send every message, and again only what was accepted within the flush window before the kill", async () => {
    let worker = startWorker();
    let killedAt = 0;
    h.sink.setPolicy({
      respond: (event) => {
        // Kill during the 400th message's DATA, before answering it: dozens are in flight then.
        if (event.stage !== "data" || killedAt || h.sink.stats.accepted < 400) return undefined;
        killedAt = Date.now();
        worker.child.kill("SIGKILL");
        return { code: 421, message: "4.3.2 Service shutting down" };
      },
    });
    const campaignId = await h.launch({ channels: ["email"] });
    await worker.exited;
    expect(killedAt).toBeGreaterThan(0);
    const inFlight = await h.db.delivery.count({ where: { campaignId, status: "sending" } });
    expect(inFlight).toBeGreaterThan(0); // the claims the dead worker held

    worker = startWorker();
    await h.waitFor(campaignId, allDone, 90_000);
    console.log("KILLED AT", killedAt, workers[0]!.stderr().split("\n").filter((l) => l.includes("RECORDLAG")).slice(-12).join("\n"));
    const received = [...new Set(h.sink.messages.filter((m) => m.messageId?.includes(`.c${campaignId}@`)).map((m) => m.rcptTo[0]!.toLowerCase()))].sort();
    expect(received).toEqual(await expectedEmails());
    const duplicates = duplicatesOutsideWindow(ofCampaign(campaignId), [killedAt], RECORD_FLUSH_MS + 50);
    expect(duplicates.outside).toEqual([]);
    expect(await h.db.delivery.count({ where: { campaignId, status: { in: ["pending", "sending", "failed"] } } })).toBe(0);
  });
});

describe("when a worker dies after the provider accepted a message but before recording it", () => {
  it("should re-send that message with the same Message-ID, and nothing twice outside the flush window", async () => {
    const worker = startWorker();
    let killedAt = 0;
    let latest = -1;
    let victim: string | undefined;
    h.sink.setPolicy({
      respond: (event) => {
        // Kill, then accept: the server has the message, the worker never heard the 250.
        if (event.stage !== "data" || killedAt || ofCampaign(latest).size < 100) return undefined;
        killedAt = Date.now();
        victim = event.messageId;
        worker.child.kill("SIGKILL");
        return undefined;
      },
    });
    latest = await h.launch({ channels: ["email"] });
    await worker.exited;
    expect(victim).toBeDefined();

    startWorker();
    await h.waitFor(latest, allDone, 90_000);
    const accepted = ofCampaign(latest);
    expect(accepted.get(victim!)).toHaveLength(2);
    expect(duplicatesOutsideWindow(accepted, [killedAt], RECORD_FLUSH_MS + 50).outside).toEqual([]);
    expect([...accepted.values()].every((t) => t.length <= 2)).toBe(true);
    expect(accepted.size).toBe((await expectedEmails()).length);
  });
});
