// The benchmark's SMTP sink, run as a CHILD process (see send-sink.ts) so that receiving mail
// never competes with the sender for the same event loop. It accepts and counts (store:
// "none": no parsing, no copies kept), counts duplicate Message-IDs in bitsets (one bit per
// delivery id, so a million messages take 125 KB and the sink's memory stays flat), and notes
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

/** Seen numbers per id family (`c12` for delivery ids of campaign 12, `ceiling-before`, …). */
class SeenBits {
  private readonly families = new Map<string, Uint8Array>();
  /** Ids of no known shape (none in a normal run), kept as they are. */
  private readonly others = new Set<string>();
  duplicates = 0;

  see(messageId: string | undefined): void {
    if (messageId === undefined) return;
    const delivery = /^<d(\d+)\.(c\d+)@/.exec(messageId);
    const ceiling = delivery ? null : /^<(ceiling-.*)-(\d+)@/.exec(messageId);
    if (!delivery && !ceiling) {
      if (this.others.has(messageId)) this.duplicates++;
      else this.others.add(`${messageId}`);
      return;
    }
    const family = delivery ? delivery[2]! : ceiling![1]!;
    const n = Number(delivery ? delivery[1] : ceiling![2]);
    let bits = this.families.get(family) ?? new Uint8Array(1024);
    if (n >> 3 >= bits.length) {
      const grown = new Uint8Array(Math.max(bits.length * 2, (n >> 3) + 1));
      grown.set(bits);
      bits = grown;
    }
    this.families.set(family, bits);
    const mask = 1 << (n & 7);
    if (bits[n >> 3]! & mask) this.duplicates++;
    else bits[n >> 3]! |= mask;
  }
}
let seen = new SeenBits();

const sink = await startSmtpSink({
  store: "none",
  trackIds: false,
  // Called for every DATA before the 250 answer (the benchmark's sink accepts every message).
  respond: (event) => {
    if (event.stage === "data") {
      lastAt = Date.now();
      firstAt ??= lastAt;
      seen.see(event.messageId);
    }
    return undefined;
  },
});

function peakRssMiB(): number | null {
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
  return kb ? Math.round(Number(kb) / 102.4) / 10 : null;
}

function report(): SinkReport {
  const duplicates = seen.duplicates;
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
      seen = new SeenBits();
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
