#!/usr/bin/env node
// The installed `budstikke` command. Node.js 22.18+ and 24 run the TypeScript sources directly
// (type stripping: the code uses only erasable syntax, checked by `erasableSyntaxOnly`), so
// production processes need no loader; Node.js 22.12–22.17 get tsx's loader instead.
if (!process.features.typescript) {
  const { register } = await import("tsx/esm/api");
  register();
}
await import("../src/cli/main.ts");
