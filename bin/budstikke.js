#!/usr/bin/env node
// The installed `budstikke` command. Node.js 22.18+ and 24 run the TypeScript sources directly
// (type stripping: the code uses only erasable syntax, checked by `erasableSyntaxOnly`), so
// production processes need no loader; Node.js 22.12–22.17 get tsx's loader instead.
if (!process.features.typescript) {
  const { register } = await import("tsx/esm/api");
  register();
}
// A worker is a long-running process: it starts from its own entry, which loads only what
// delivering needs. Everything else (and `worker --help`) goes through the command line.
if (process.argv.length === 3 && process.argv[2] === "worker") {
  const { main } = await import("../src/workers/main.ts");
  process.exitCode = await main();
} else {
  await import("../src/cli/main.ts");
}
