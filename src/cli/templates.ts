import type { Command } from "commander";
import type { Run } from "./run.ts";

/** Commands for the templates area. */
export function registerTemplatesCommands(_program: Command, _run: Run): void {}
