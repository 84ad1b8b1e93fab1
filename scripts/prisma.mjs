#!/usr/bin/env node
// Runs the Prisma CLI. On machines that cannot download Prisma's native schema engine
// (offline build machines), a WebAssembly stand-in may sit beside the checkout at
// ../shared/tools; it is used only when present and only for this developer tooling.
// The product itself never needs it: `budstikke db migrate` applies migrations on its own.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const env = { ...process.env, CHECKPOINT_DISABLE: "1" };
const wasmEngine = resolve(root, "../shared/tools/prisma-schema-engine-wasm.mjs");
if (!env.PRISMA_SCHEMA_ENGINE_BINARY && existsSync(wasmEngine)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = wasmEngine;
}
// The WebAssembly stand-in occasionally fails with a bare "Error in Schema engine" (exit 1);
// `generate` is safe to repeat, so it gets a few tries.
const tries = process.argv[2] === "generate" && env.PRISMA_SCHEMA_ENGINE_BINARY ? 3 : 1;
let status = 1;
for (let attempt = 1; attempt <= tries; attempt++) {
  status = spawnSync(resolve(root, "node_modules/.bin/prisma"), process.argv.slice(2), { stdio: "inherit", env, cwd: root }).status ?? 1;
  if (status !== 1) break;
}
process.exit(status);
