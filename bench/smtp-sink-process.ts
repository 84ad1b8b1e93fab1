// The benchmark's SMTP sink, run as a CHILD process (see send-sink.ts) so that receiving mail
// never competes with the sender for the same event loop. It accepts and counts (store:
// "none": no parsing, no copies kept), remembers Message-IDs to count duplicates, and notes
// when the first and last message of the current measurement window were accepted.
//
// Protocol over the IPC channel: it sends {type: "ready", port} once listening; it answers
// {type: "stats"} with a SinkReport and {type: "reset"} with a SinkReport taken just before
// forgetting everything; {type: "stop"} closes the server and exits.
import { readFileSync } from "node:fs";
import { startSmtpSink } from "../test/support/smtp-sink.ts";

export interface SinkReport {
  accepted: number;
  /** Message-IDs accepted more than once (a duplicate delivery). */
  duplicates: number;
  connections: number;
  /** Date.now() of the first and the last accepted message in this window (null if none). */
  firstAt: number | null;
  lastAt: number | null;
  /** The sink process's resident memory now and at its peak (VmHWM), MiB. */
  rssMiB: number;
  peakRssMiB: number | null;
}

export type SinkRequest = { type: "stats" } | { type: "reset" } | { type: "stop" };
export type SinkReply = { type: "ready"; port: number } | ({ type: "stats" | "reset" } & SinkReport);

let firstAt: number | null = null;
let lastAt: number | null = null;

const sink = await startSmtpSink({
  store: "none",
  // Called for every DATA before the 250 answer; returning undefined keeps the default answer.
  respond: (event) => {
    if (event.stage === "data") {
      lastAt = Date.now();
      firstAt ??= lastAt;
    }
    return undefined;
  },
});

function peakRssMiB(): number | null {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  return kb ? Math.round(Number(kb) / 102.4) / 10 : null;
}

function report(): SinkReport {
  let duplicates = 0;
  for (const n of sink.acceptedIds.values()) if (n > 1) duplicates += n - 1;
  const rssMiB = Math.round(process.memoryUsage().rss / 104857.6) / 10;
  return { accepted: sink.stats.accepted, duplicates, connections: sink.stats.connections, firstAt, lastAt, rssMiB, peakRssMiB: peakRssMiB() };
}

const send = (reply: SinkReply) => process.send?.(reply);

process.on("message", (request: SinkRequest) => {
  switch (request.type) {
    case "stats":
      send({ type: "stats", ...report() });
      break;
    case "reset":
      send({ type: "reset", ...report() });
      sink.reset();
      firstAt = lastAt = null;
      break;
    case "stop":
      void sink.stop().then(() => process.exit(0));
      break;
  }
});
// The parent went away without saying stop: do not linger as an orphan.
process.on("disconnect", () => void sink.stop().then(() => process.exit(0)));

send({ type: "ready", port: sink.port });
