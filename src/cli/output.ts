// Output conventions: results on stdout (only JSON with --json), everything else on stderr.
import { SingleBar, Presets } from "cli-progress";
import { DomainError } from "../errors.ts";

/** A failure of the command line itself (a file it cannot read, a bad option); `exitCode` 2 = bad input, 1 = could not run. */
export class CliError extends DomainError {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(exitCode === 2 ? "invalid" : "conflict", message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** A progress bar on stderr, only when stderr is a terminal; otherwise a no-op. */
export function progressBar(label: string): { update(done: number, total?: number): void; stop(): void } {
  if (!process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total}`, stream: process.stderr }, Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total ?? done, done);
        started = true;
      }
      if (total !== undefined) bar.setTotal(total);
      else if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function table(rows: Array<Array<string | number>>): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length))) ?? [];
  return rows
    .map((r) => r.map((cell, i) => (typeof cell === "number" ? String(cell).padStart(widths[i]!) : String(cell).padEnd(widths[i]!))).join("  "))
    .join("\n");
}
