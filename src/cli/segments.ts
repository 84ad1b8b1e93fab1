import type { Command } from "commander";
import type { Run } from "./run.ts";

/** Commands for the segments area. */
export function registerSegmentsCommands(_program: Command, _run: Run): void {}
