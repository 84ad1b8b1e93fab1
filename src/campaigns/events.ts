// Progress of a campaign as a stream of events (the API serves them as Server-Sent Events):
// its status every interval while it is launching, sending or paused, then one final event
// when it is in any other state, and the stream ends. It also ends when the reader goes away.
import type { Root } from "../app/root.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import type { CampaignState } from "../generated/prisma/client.ts";
import { readableCampaign } from "./access.ts";
import { campaignStatus, type CampaignStatus } from "./status.ts";

export interface CampaignEvent {
  /** `status` while the campaign runs; `end` once, last. */
  event: "status" | "end";
  status: CampaignStatus;
}

export interface EventOptions {
  /** Between two status events. @defaultValue 1000 */
  intervalMs?: number;
  /** Aborted when the reader disconnects: the stream stops at once. */
  signal?: AbortSignal;
}

const RUNNING: readonly string[] = ["launching", "sending", "paused"] satisfies CampaignState[];

/** Checks access now (so a refusal is an ordinary error), then returns the event stream. */
export async function events(deps: Pick<Root, "db" | "clock" | "config">, actor: Actor, id: number, options: EventOptions = {}): Promise<AsyncGenerator<CampaignEvent>> {
  await readableCampaign(deps.db, actor, id);
  const scope = scopeOf(actor);
  const intervalMs = options.intervalMs ?? 1000;
  const signal = options.signal;
  return (async function* stream() {
    while (!signal?.aborted) {
      const status = await campaignStatus(deps.db, id, deps.clock, scope, deps.config);
      if (!RUNNING.includes(status.state)) {
        yield { event: "end", status };
        return;
      }
      yield { event: "status", status };
      await pause(intervalMs, signal);
    }
  })();
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
