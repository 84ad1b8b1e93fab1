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
const result = spawnSync(resolve(root, "node_modules/.bin/prisma"), process.argv.slice(2), {
  stdio: "inherit",
  env,
  cwd: root,
});
process.exit(result.status ?? 1);
