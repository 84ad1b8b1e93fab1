// CPU seconds spent per process group during a measurement window. On a shared 2-core machine
// messages/s moves with whatever else runs; CPU time per message is the steadier figure, and
// it shows which process a slower pipeline spends its time in (sender, SMTP sink, PostgreSQL).
// Linux only (reads /proc); elsewhere the figures are null.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux build that matters here

export interface CpuWindow {
  senderSeconds: number;
  sinkSeconds: number | null;
  /** Backends of the benchmark database (connections opened during the window are included). */
  postgresSeconds: number | null;
}

/** utime + stime of one process in seconds, or null when it is gone or /proc is missing. */
export function processCpu(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds per PostgreSQL backend serving `database` (matched on its process title). */
function postgresBackends(database: string): Map<number, number> {
  const found = new Map<number, number>();
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return found;
  }
  for (const p of pids) {
    try {
      const title = readFileSync(`/proc/${p}/cmdline`, "utf8");
      if (!title.startsWith("postgres:") || !title.includes(` ${database} `)) continue;
      const cpu = processCpu(Number(p));
      if (cpu !== null) found.set(Number(p), cpu);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return found;
}

/**
 * Starts a window. Call sample() now and then (backends can come and go with the pool), then
 * stop(). A backend first seen mid-window counts from zero, since it was opened in the window.
 * The sender is this process, or the worker process given by its pid.
 */
export function startCpuWindow(sinkPid: number, database: string, senderPid?: number) {
  const self0 = process.cpuUsage();
  const senderCpu = () => (senderPid === undefined ? null : processCpu(senderPid));
  const sender0 = senderCpu();
  let senderLast = sender0;
  const sink0 = processCpu(sinkPid);
  const first = postgresBackends(database);
  const last = new Map(first);
  const sample = () => {
    for (const [pid, cpu] of postgresBackends(database)) last.set(pid, cpu);
    senderLast = senderCpu() ?? senderLast;
  };
  return {
    sample,
    stop(): CpuWindow {
      sample();
      const self = process.cpuUsage(self0);
      const senderSeconds = senderPid === undefined ? (self.user + self.system) / 1e6 : (senderLast ?? 0) - (sender0 ?? 0);
      const sink1 = processCpu(sinkPid);
      let postgres = 0;
      for (const [pid, cpu] of last) postgres += cpu - (first.get(pid) ?? 0);
      return {
        senderSeconds: round(senderSeconds),
        sinkSeconds: sink0 === null || sink1 === null ? null : round(sink1 - sink0),
        postgresSeconds: last.size === 0 && first.size === 0 ? null : round(postgres),
      };
    },
  };
}

/** CPU milliseconds per message for each process group. */
export function perMessage(cpu: CpuWindow, messages: number) {
  const ms = (s: number | null) => (s === null || messages === 0 ? null : Math.round((s * 1e6) / messages) / 1000);
  return { senderMs: ms(cpu.senderSeconds), sinkMs: ms(cpu.sinkSeconds), postgresMs: ms(cpu.postgresSeconds) };
}

function round(n: number) {
  return Math.round(n * 100) / 100;
}
