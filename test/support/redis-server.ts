// Redis servers of a test's own (Debian's redis-server), for the tests that restart Redis or need
// a Redis Cluster. Each listens on loopback on free ports and keeps nothing on disk.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port that is free, with port + 10000 free too (a cluster node's bus port). */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    if ((await portFree(port)) && (await portFree(port + 10000))) return port;
  }
  throw new Error("no free port");
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function ping(port: number): Promise<boolean> {
  const client = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } finally {
    client.disconnect();
  }
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server at once, losing every key (SHUTDOWN NOSAVE), and waits until it is gone. */
  crash(): Promise<void>;
  /** Starts it again on the same port, empty. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function launch(port: number, dir: string, extra: string[] = []): ChildProcess {
  return spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, ...extra], {
    stdio: "ignore",
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once("exit", () => r()));

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "budstikke-redis-"));
  let child = launch(port, dir);
  await until(`redis on ${port}`, () => ping(port));
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async crash() {
      child.kill("SIGKILL");
      await exited(child);
    },
    async restart() {
      child = launch(port, dir);
      await until(`redis on ${port} again`, () => ping(port));
    },
    async stop() {
      child.kill("SIGKILL");
      await exited(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RedisCluster {
  /** `host:port` seeds, for REDIS_CLUSTER_NODES. */
  nodes: string[];
  stop(): Promise<void>;
}

/** Three masters, no replicas: `redis-server --cluster-enabled yes` and `redis-cli --cluster create`. */
export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), "budstikke-redis-cluster-"));
  const ports: number[] = [];
  while (ports.length < 3) {
    const p = await freePort();
    if (!ports.includes(p)) ports.push(p);
  }
  const children = ports.map((port) =>
    launch(port, dir, ["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`, "--cluster-node-timeout", "5000"]),
  );
  for (const port of ports) await until(`cluster node ${port}`, () => ping(port));
  const created = spawnSync("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"], {
    encoding: "utf8",
  });
  if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
  for (const port of ports) {
    await until(`cluster state ok on ${port}`, async () => {
      const client = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 0 });
      try {
        return /cluster_state:ok/.test(String(await client.call("CLUSTER", "INFO")));
      } finally {
        client.disconnect();
      }
    });
  }
  return {
    nodes: ports.map((p) => `127.0.0.1:${p}`),
    async stop() {
      for (const c of children) c.kill("SIGKILL");
      await Promise.all(children.map(exited));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
