#!/usr/bin/env node
// Runs the TypeScript CLI through tsx's loader, so the installed command and
// `npm run cli` execute the same source.
import { register } from "tsx/esm/api";
register();
await import("../src/cli/main.ts");
