// The first load stays small: the login screen and the overview (where staff land) need under
// 300 kB of gzipped JavaScript; editors and charts load only on the screens that use them.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script (also run by hand: node scripts/web-bundle-size.mjs).
import { screenSizes } from "../../scripts/web-bundle-size.mjs";
import { ensureWebBuild } from "./support/web-build.ts";

describe("when a browser first loads the admin UI", () => {
  it("should need under 300 kB of gzipped JavaScript for the login and the overview", async () => {
    const sizes = (screenSizes as (outDir: string) => Record<string, number>)(await ensureWebBuild());
    expect(sizes["auth/LoginPage"]).toBeLessThan(300 * 1024);
    expect(sizes["overview/OverviewPage"]).toBeLessThan(300 * 1024);
    // Code splitting is real: the template editor (CodeMirror) is not part of the overview's load.
    expect(sizes["templates/TemplateEditorPage"]).toBeGreaterThan(sizes["overview/OverviewPage"]!);
  });
});
