import type { Command } from "commander";
import type { Run } from "./run.ts";

/** Commands for the consent area. */
export function registerConsentCommands(_program: Command, _run: Run): void {}
