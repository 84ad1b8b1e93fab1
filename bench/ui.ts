/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The segment builder's live count, measured in real Chromium on 100,000 members: the time from
// the last keystroke of a condition's value to the new count on screen (the UI waits ~250 ms for
// typing to stop, then asks POST /api/v1/segments/preview). The target: at most 300 ms
// after the last change.
//   npm run bench:ui [-- --members N --samples S --json]
// Uses budstikke_bench_ui (created once with N generated members; reused afterwards), the built UI
// (built first if stale), the server in this process, and Debian's Chromium (CHROMIUM_PATH).
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { systemActor } from "../src/auth/actor.ts";
import { createUser } from "../src/auth/users.ts";
import { systemClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/client.ts";
import { buildApp } from "../src/http/app.ts";
import { createLogger } from "../src/log.ts";
import { generateMembersCsv } from "../src/members/generate.ts";
import { importMembers } from "../src/members/import.ts";
import { ensureWebBuild } from "../test/browser/support/web-build.ts";
import { median } from "./support.ts";
import { benchDatabase } from "./support.ts";

const { values } = parseArgs({
  options: { members: { type: "string", default: "100000" }, samples: { type: "string", default: "20" }, json: { type: "boolean", default: false } },
});
const members = Number(values.members);
const samples = Number(values.samples);
const log = (line: string) => process.stderr.write(`${line}\n`);

const url = await benchDatabase(members === 100_000 ? "budstikke_bench_ui" : `budstikke_bench_ui_${members}`);
const db = createDb(url);
if ((await db.member.count()) < members) {
  log(`Seeding ${members} members (once)...`);
  await importMembers(db, Readable.from(generateMembersCsv(members, 42, 10_000)), { chunkSize: 10_000 });
}
const port = 3900;
const config = loadConfig({ ...process.env, DATABASE_URL: url, PUBLIC_URL: `http://localhost:${port}`, NODE_ENV: "development", LOG_LEVEL: "warn" });
const email = "bench-ui@budstikke.test";
const password = "bench-ui-passord-123";
if (!(await db.staffUser.findUnique({ where: { email } }))) {
  await createUser({ db, config, clock: systemClock }, systemActor("bench"), { email, name: "Bench", role: "communicator", password });
}
const webDist = await ensureWebBuild();
const app = await buildApp({ db, config, clock: systemClock, logger: createLogger("warn"), webDist });
await app.listen({ port, host: "127.0.0.1" });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
});
const latencies: number[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`http://localhost:${port}/segments/new`);
  await page.getByLabel("E-post").fill(email);
  await page.getByLabel(/^Passord/).fill(password);
  await page.getByRole("button", { name: "Logg inn" }).click();
  await page.getByRole("button", { name: "Legg til betingelse" }).click();
  await page.getByRole("combobox", { name: "Felt" }).click();
  await page.getByRole("option", { name: "Alder" }).click();
  await page.getByRole("combobox", { name: "Sammenligning" }).click();
  await page.getByRole("option", { name: "minst", exact: true }).click();
  const value = page.getByRole("textbox", { name: "Verdi" });
  const count = page.getByRole("status", { name: "Antall medlemmer" });
  // Stamps in the page's own clock: the last key pressed, and each change of the count's text.
  await page.evaluate(() => {
    const w = window as unknown as { lastKey: number; countChanges: Array<{ at: number; text: string }> };
    w.lastKey = 0;
    w.countChanges = [];
    document.addEventListener("keyup", () => (w.lastKey = performance.now()), true);
    const target = [...document.querySelectorAll('[role="status"]')].find((el) => el.getAttribute("aria-live") === "polite")!;
    new MutationObserver(() => w.countChanges.push({ at: performance.now(), text: target.textContent ?? "" })).observe(target, { subtree: true, characterData: true, childList: true });
  });
  for (let i = 0; i < samples; i++) {
    const age = 20 + ((i * 7) % 45);
    const before = await count.textContent();
    await page.evaluate(() => ((window as unknown as { countChanges: unknown[] }).countChanges = []));
    await value.fill("");
    await value.pressSequentially(String(age), { delay: 30 });
    const deadline = Date.now() + 10_000;
    let latency: number | null = null;
    while (Date.now() < deadline) {
      const { lastKey, changes, busy } = await page.evaluate(() => {
        const w = window as unknown as { lastKey: number; countChanges: Array<{ at: number; text: string }> };
        const status = [...document.querySelectorAll('[role="status"]')].find((el) => el.getAttribute("aria-live") === "polite")!;
        return { lastKey: w.lastKey, changes: w.countChanges, busy: status.getAttribute("aria-busy") === "true" };
      });
      const after = changes.filter((c) => c.at >= lastKey && c.text !== before && /\d/.test(c.text));
      if (after.length > 0 && !busy) {
        latency = after[after.length - 1]!.at - lastKey;
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (latency === null) throw new Error(`sample ${i}: the count did not change within 10 s`);
    latencies.push(latency);
    log(`age >= ${age}: ${await count.textContent()} members, ${Math.round(latency)} ms after the last keystroke`);
  }
} finally {
  await browser.close();
  await app.close();
  await db.$disconnect();
}
const sorted = [...latencies].sort((a, b) => a - b);
const result = {
  members, samples, medianMs: Math.round(median(latencies)), p90Ms: Math.round(sorted[Math.floor(sorted.length * 0.9)] ?? 0), maxMs: Math.round(sorted[sorted.length - 1] ?? 0),
};
if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
else console.log(`live count on ${members} members, ${samples} changes: median ${result.medianMs} ms, p90 ${result.p90Ms} ms, max ${result.maxMs} ms after the last keystroke (target ≤ 300 ms)`);
