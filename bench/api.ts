// npm run bench:api [-- --members N --duration S --connections N --json] — the staff API under
// load: a fresh database (budstikke_bench_api) with 100,000 generated members, a communicator and
// an API token, the app listening on a loopback port (with queues, request logging at info into
// /dev/null) in a child process of its own, as in production, and autocannon with 50 connections
// for 20 s per scenario, after a short warm-up:
//   (a) POST /api/v1/segments/preview with a realistic 3-condition rule, different per request;
//   (b) GET /api/v1/members?q=… with names, member-number prefixes and municipalities.
// Reports p50/p90/p99 latency, requests/s and non-2xx responses per scenario, and whether p99 is
// under 150 ms (the target of the staff API issue). `--auth session` logs in and uses the session
// cookie instead of the token (what the admin UI does), to tell authentication's cost apart.
import { fork, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { pino } from "pino";
import { systemActor } from "../src/auth/actor.ts";
import { createApiToken } from "../src/auth/tokens.ts";
import { createUser } from "../src/auth/users.ts";
import { createRoot } from "../src/app/root.ts";
import { systemClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { createDb } from "../src/db/client.ts";
import { buildApp } from "../src/http/app.ts";
import { createLogger } from "../src/log.ts";
import { generateMembersCsv, seededRandom } from "../src/members/generate.ts";
import { importMembers } from "../src/members/import.ts";
import { deleteQueueKeys } from "../test/support/queue-keys.ts";
import { benchDatabase } from "./support.ts";

const TARGET_P99_MS = 150;

const { values } = parseArgs({
  options: {
    members: { type: "string", default: "100000" },
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "50" },
    warmup: { type: "string", default: "3" },
    auth: { type: "string", default: "token" },
    json: { type: "boolean" },
    // Internal: the child process that runs the server.
    serve: { type: "boolean" },
  },
});

interface ServerReady {
  port: number;
}

/** The server side: the app as `budstikke serve --no-workers` builds it, on a loopback port. */
async function serve(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: process.env.BENCH_API_DATABASE_URL, QUEUE_PREFIX: process.env.BENCH_API_QUEUE_PREFIX, LOG_LEVEL: "info" });
  // Request logs cost what they cost in production; they just go nowhere.
  const logger = createLogger("info", pino.destination({ dest: "/dev/null", sync: false }));
  const root = createRoot(config, { logger });
  const app = await buildApp({ db: root.db, config, clock: root.clock, logger, queues: root.queues, pseudonyms: root.pseudonyms });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  const stop = async () => {
    await app.close();
    await root.close();
    process.exit(0);
  };
  process.on("disconnect", () => void stop());
  process.on("message", (message) => message === "stop" && void stop());
  process.send!({ port: typeof address === "object" && address ? address.port : 0 } satisfies ServerReady);
}

interface ScenarioResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p99UnderTarget: boolean;
}

async function main(): Promise<void> {
  const members = positive("members");
  const duration = positive("duration");
  const connections = positive("connections");
  const warmup = Number(values.warmup);
  if (values.auth !== "token" && values.auth !== "session") {
    process.stderr.write("--auth must be token or session\n");
    process.exit(2);
  }
  const progress = (line: string) => {
    if (!values.json) process.stderr.write(`${line}\n`);
  };

  const databaseName = members === 100_000 ? "budstikke_bench_api" : `budstikke_bench_api_${members}`;
  progress(`fresh database ${databaseName}: seeding ${members} generated members…`);
  const url = await benchDatabase(databaseName, { fresh: true });
  const db = createDb(url, { max: 4 });
  const queuePrefix = `{bench-api-${randomBytes(4).toString("hex")}}`;
  const base = loadConfig();
  let server: ChildProcess | undefined;
  try {
    const started = performance.now();
    await importMembers(db, Readable.from(generateMembersCsv(members, 42, 10_000)), { chunkSize: 10_000 });
    await db.$executeRawUnsafe("VACUUM ANALYZE");
    progress(`seeded in ${Math.round((performance.now() - started) / 100) / 10} s`);

    const deps = { db, clock: systemClock, config: { ...base, DATABASE_URL: url } };
    const system = systemActor("bench");
    const email = "bench.communicator@ntl.example.no";
    const password = "bench-api-password-123";
    await createUser(deps, system, { email, name: "Bench Communicator", role: "communicator", password });
    const { token } = await createApiToken(deps, system, { userEmail: email, name: "bench:api" });

    server = fork(import.meta.filename, ["--serve"], {
      env: { ...process.env, BENCH_API_DATABASE_URL: url, BENCH_API_QUEUE_PREFIX: queuePrefix },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const { port } = await new Promise<ServerReady>((resolve, reject) => {
      server!.once("message", (m) => resolve(m as ServerReady));
      server!.once("exit", (code) => reject(new Error(`the server exited (${code}) before listening`)));
    });
    const origin = `http://127.0.0.1:${port}`;
    const headers: Record<string, string> = values.auth === "token"
      ? { authorization: `Bearer ${token}`, "content-type": "application/json" }
      // A cookie session's mutations must name one of our origins (POST /segments/preview is one).
      : { cookie: await sessionCookie(origin, email, password), origin: new URL(base.PUBLIC_URL).origin, "content-type": "application/json" };

    const previewBodies = segmentRules(500).map((rules) => JSON.stringify({ rules }));
    const searchPaths = searchTerms().map((q) => `/api/v1/members?q=${encodeURIComponent(q)}&limit=25`);
    const scenarios = [
      { key: "segmentsPreview", title: "POST /api/v1/segments/preview", method: "POST" as const, paths: ["/api/v1/segments/preview"], bodies: previewBodies },
      { key: "membersSearch", title: "GET /api/v1/members?q=…", method: "GET" as const, paths: searchPaths, bodies: [undefined] },
    ];

    const results: Record<string, ScenarioResult> = {};
    for (const scenario of scenarios) {
      await probe(origin, headers, scenario.method, scenario.paths[0]!, scenario.bodies[0]);
      const run = (seconds: number) => load(origin, headers, connections, seconds, scenario.method, scenario.paths, scenario.bodies);
      if (warmup > 0) {
        progress(`${scenario.title}: warming up ${warmup} s…`);
        await run(warmup);
      }
      progress(`${scenario.title}: ${connections} connections for ${duration} s…`);
      results[scenario.key] = summarise(await run(duration));
    }

    const report = { members, auth: values.auth, connections, durationSeconds: duration, warmupSeconds: warmup, targetP99Ms: TARGET_P99_MS, scenarios: results };
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(`members: ${members}; ${connections} connections, ${duration} s per scenario (after ${warmup} s warm-up); auth: ${values.auth}; server in its own process`);
      for (const scenario of scenarios) {
        const r = results[scenario.key]!;
        console.log(
          `${scenario.title.padEnd(32)} p50 ${r.p50Ms} ms  p90 ${r.p90Ms} ms  p99 ${r.p99Ms} ms  (max ${r.maxMs})  ` +
            `${r.requestsPerSecond} req/s  ${r.requests} requests  non-2xx ${r.non2xx}  errors ${r.errors}  ` +
            `p99 < ${TARGET_P99_MS} ms: ${r.p99UnderTarget ? "yes" : "NO"}`,
        );
      }
    }
  } finally {
    if (server?.connected) {
      const exited = new Promise((resolve) => server!.once("exit", resolve));
      server.send("stop");
      await exited;
    }
    await db.$disconnect();
    await deleteQueueKeys(base.REDIS_URL, queuePrefix);
  }
}

async function sessionCookie(origin: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${origin}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("budstikke_session="));
  if (!response.ok || !cookie) throw new Error(`login answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return cookie.split(";")[0]!;
}

/** One request before the load: a route that is missing or broken would only show up as non-2xx counts. */
async function probe(origin: string, headers: Record<string, string>, method: string, path: string, body: string | undefined): Promise<void> {
  const response = await fetch(`${origin}${path}`, { method, headers, body });
  if (!response.ok) {
    const text = (await response.text()).slice(0, 500);
    throw new Error(`${method} ${path} answered ${response.status}, not 2xx; is the route in place?\n${text}`);
  }
}

function load(
  origin: string, headers: Record<string, string>, connections: number, duration: number,
  method: "GET" | "POST", paths: string[], bodies: Array<string | undefined>,
): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: origin,
    connections,
    duration,
    headers,
    requests: [
      {
        method,
        // Each request takes the next path or body in turn, so every connection keeps varying.
        setupRequest: (request) => {
          const i = next++;
          const body = bodies[i % bodies.length];
          return { ...request, method, path: paths[i % paths.length]!, ...(body === undefined ? {} : { body }) };
        },
      },
    ],
  });
}

function summarise(result: autocannon.Result): ScenarioResult {
  return {
    requests: result.requests.total,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p90Ms: result.latency.p90,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p99UnderTarget: result.latency.p99 < TARGET_P99_MS && result.non2xx === 0 && result.errors === 0,
  };
}

const STATUSES = ["active", "student", "apprentice", "retired", "unemployed", "honorary"];
const SECTORS = ["state", "spekter", "virke", "nho", "other"];
const COUNTIES = ["03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"];

/** Rules of the shapes communicators build: who (status), where they work or live, and one more cut. */
function segmentRules(count: number): unknown[] {
  const random = seededRandom(7);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const some = <T>(items: readonly T[], max: number) => [...new Set(Array.from({ length: 1 + Math.floor(random() * max) }, () => pick(items)))];
  const status = () => ({ field: "status", op: "in", value: some(STATUSES, 3) });
  const sector = () => ({ field: "employment.sector", op: "eq", value: pick(SECTORS) });
  const county = () => ({ field: "geo.county", op: "in", value: some(COUNTIES, 3) });
  const shapes = [
    () => [status(), sector(), county()],
    () => {
      const from = 20 + Math.floor(random() * 30);
      return [status(), county(), { field: "age", op: "between", value: [from, from + 10 + Math.floor(random() * 20)] }];
    },
    () => [status(), sector(), { field: random() < 0.5 ? "contact.email" : "contact.mobile", op: "exists", value: true }],
  ];
  return Array.from({ length: count }, () => ({ all: pick(shapes)() }));
}

/** What staff type into the search box: a name, the start of a member number, a place. */
function searchTerms(): string[] {
  const names = ["Ingrid", "Hansen", "Ødegård", "Bjørn", "Kari Olsen", "Sæther", "Åse", "Haugen", "Per", "Fatima", "Nowak", "Løken", "Solveig Berg", "håkon", "strøm"];
  const numbers = ["1000", "10012", "100345", "1004", "10567", "1009", "1000777", "10999", "10250", "1001"];
  const places = ["Oslo", "Stavanger", "Bergen", "Trondheim", "Bodø", "Ålesund", "Tromsø", "Kristiansand", "Drammen", "Molde"];
  return [...names, ...numbers, ...places];
}

function positive(name: "members" | "duration" | "connections"): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`--${name} must be a positive whole number\n`);
    process.exit(2);
  }
  return n;
}

// Last, so every constant above is initialised before either side starts.
if (values.serve) await serve();
else await main();
