// PostgreSQL connections killed under the workers (pg_terminate_backend of every session of the
// worker process, twice, mid-campaign): statements in flight fail, pools reconnect, batches are
// retried, acceptances are written on the recorder's retry, and the campaign completes exactly once.
import { afterAll, describe, expect, it } from "vitest";
import { allDone, expectEachSentOnce, startHarness } from "../support/pipeline-harness.ts";
import { startWorkerProcess, stopWorkers } from "../support/worker-process.ts";

const h = await startHarness({ members: 1500, workers: false, sink: { store: "raw" } });
afterAll(() => h.close());

const APP = `budstikke-worker-${process.pid}`;

describe("when the worker's PostgreSQL sessions are terminated mid-campaign", () => {
  it("should reconnect and complete the campaign exactly once", async () => {
    const url = new URL(h.databaseUrl);
    url.searchParams.set("application_name", APP);
    const worker = startWorkerProcess({ ...h.env, DATABASE_URL: url.toString(), EMAIL_RATE_PER_SECOND: "200", SMS_RATE_PER_SECOND: "200" });
    try {
      const campaignId = await h.launch();
      let terminated = 0;
      for (const at of [400, 1200]) {
        await h.waitFor(campaignId, (s) => s.channels.email!.sent + s.channels.sms!.sent >= at, 60_000);
        const [row] = await h.db.$queryRawUnsafe<Array<{ n: number }>>(
          `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`, APP,
        );
        terminated += row!.n;
      }
      expect(terminated).toBeGreaterThan(1);
      const done = await h.waitFor(campaignId, allDone, 120_000);

      await expectEachSentOnce(h, done);
    } finally {
      await stopWorkers([worker]);
    }
  }, 180_000);
});
