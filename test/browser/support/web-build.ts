// Browser tests run against the built UI, as production does: build it once if the build is
// missing or older than its sources (a second test file in the same run finds it fresh).
// BROWSER_TEST_WEB_DIST builds and serves elsewhere than web/dist (so a developer's own
// build, or a dev server rebuilding web/dist, cannot change the files under a running test).
import { join } from "node:path";
// @ts-expect-error: a plain .mjs script shared with `npm start`, without type declarations.
import { buildWeb, webBuildIsStale } from "../../../scripts/build-web.mjs";

export const WEB_DIST = process.env.BROWSER_TEST_WEB_DIST ?? join(import.meta.dirname, "../../../web/dist");

export async function ensureWebBuild(): Promise<string> {
  if ((webBuildIsStale as (outDir: string) => boolean)(WEB_DIST)) {
    await (buildWeb as (o: { quiet: boolean; outDir: string }) => Promise<void>)({ quiet: true, outDir: WEB_DIST });
  }
  return WEB_DIST;
}
