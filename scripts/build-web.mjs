// Builds the admin UI (web/ → web/dist) with Vite. With --if-stale it builds only when the
// build is missing or older than a source it is made from (web/, the contracts whose types it
// uses, package-lock.json), so `npm start` is quick when nothing changed.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "vite";

const root = resolve(import.meta.dirname, "..");
const web = join(root, "web");
const defaultOutDir = join(web, "dist");

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === "dist" || entry === "node_modules") continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

export function webBuildIsStale(outDir = defaultOutDir) {
  const built = join(outDir, "index.html");
  if (!existsSync(built)) return true;
  const sources = Math.max(newest(web), newest(join(root, "src", "contracts")), newest(join(root, "package-lock.json")));
  return statSync(built).mtimeMs < sources;
}

export async function buildWeb({ quiet = false, outDir = defaultOutDir } = {}) {
  // A production build whatever NODE_ENV the caller runs under (tests run with NODE_ENV=test,
  // which would otherwise give React's development build).
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: join(web, "vite.config.ts"), mode: "production", logLevel: quiet ? "warn" : "info", build: { outDir } });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const ifStale = process.argv.includes("--if-stale");
  if (ifStale && !webBuildIsStale()) {
    process.stderr.write("Admin UI build is up to date (web/dist).\n");
  } else {
    process.stderr.write(ifStale ? "Building the admin UI (web/dist is missing or older than its sources)...\n" : "");
    try {
      await buildWeb();
    } catch (error) {
      process.stderr.write(`Could not build the admin UI: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
  }
}
