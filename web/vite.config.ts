// The admin UI's build. `npm run build:web` writes web/dist, which `budstikke serve` serves at /;
// `npm run dev:web` serves the sources with hot reload and forwards /api to a running server
// (API_URL, default http://localhost:3000), so cookies and CSRF work as in production.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const api = process.env.API_URL ?? "http://localhost:3000";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Inline nothing: the strict CSP forbids data: scripts, and small assets as files are cheap.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    // dist/.vite/manifest.json: which chunks each screen loads (scripts/web-bundle-size.mjs).
    manifest: true,
    chunkSizeWarningLimit: 800,
  },
  server: { port: 5173, strictPort: true, proxy: { "/api": { target: api, changeOrigin: false } } },
});
