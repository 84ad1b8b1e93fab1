// How much JavaScript a browser downloads (gzipped) to show a screen of the built admin UI:
// the entry chunk, the screen's own chunk, and everything they import statically, each file
// counted once. Reads Vite's manifest (web/dist/.vite/manifest.json).
//   node scripts/web-bundle-size.mjs [--json]      sizes of the login, overview and every screen
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const defaultOutDir = resolve(import.meta.dirname, "../web/dist");

/** Gzipped bytes of the JS needed for each screen (by its source file under web/src/pages). */
export function screenSizes(outDir = defaultOutDir) {
  const manifest = JSON.parse(readFileSync(join(outDir, ".vite", "manifest.json"), "utf8"));
  const gz = new Map();
  const sizeOf = (file) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length);
    return gz.get(file);
  };
  const closure = (keys) => {
    const seen = new Set();
    const visit = (key) => {
      if (seen.has(key)) return;
      seen.add(key);
      for (const next of manifest[key]?.imports ?? []) visit(next);
    };
    keys.forEach(visit);
    return [...seen].map((key) => manifest[key].file);
  };
  const entry = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const sizes = {};
  for (const key of Object.keys(manifest)) {
    const match = /pages\/(.+)\.tsx$/.exec(key);
    if (!match || !manifest[key].isDynamicEntry) continue;
    const files = closure([entry, key]);
    sizes[match[1]] = files.reduce((sum, file) => sum + sizeOf(file), 0);
  }
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = screenSizes();
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify(sizes, null, 2)}\n`);
  } else {
    for (const [screen, bytes] of Object.entries(sizes).sort((a, b) => a[1] - b[1])) {
      process.stdout.write(`${(bytes / 1024).toFixed(1).padStart(7)} kB  ${screen}\n`);
    }
  }
}
