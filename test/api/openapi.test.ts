// The OpenAPI document is the API's contract for the admin UI and for scripts: it must validate
// as OpenAPI 3.1, describe every route the app serves under /api/v1, and give every operation a
// response schema for its success (so clients are typed and no field leaves undocumented).
import SwaggerParser from "@apidevtools/swagger-parser";
import type { OpenAPIV3_1 } from "openapi-types";
import { describe, expect, it } from "vitest";
import { useTestApi } from "../support/api.ts";

const api = await useTestApi();
const response = await api.app.inject({ method: "GET", url: "/api/v1/openapi.json" });
const document = response.json() as OpenAPIV3_1.Document;

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

interface Route {
  method: string;
  path: string;
}

/**
 * Every (method, path) of the running app, from Fastify's own route tree (printRoutes). With
 * commonPrefix off, each line's segment continues its parent's, and the indentation (four
 * characters per level) says which line is its parent.
 */
function appRoutes(tree: string): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of tree.split("\n")) {
    const match = /^((?:│ {3}| {4})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? "") + match[2]!;
    stack[depth] = path;
    for (const method of (match[3] ?? "").split(",").map((m) => m.trim()).filter(Boolean)) routes.push({ method, path });
  }
  return routes;
}

/** `/api/v1/campaigns/:id/status` → `/api/v1/campaigns/{id}/status`, as OpenAPI writes paths. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

function operations(): Array<{ method: string; path: string; operation: OpenAPIV3_1.OperationObject }> {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item?.[m]).map((method) => ({ method, path, operation: item![method]! })),
  );
}

describe("when a client fetches /api/v1/openapi.json", () => {
  it("should get a document that validates as OpenAPI 3.1", async () => {
    expect(response.statusCode).toBe(200);
    expect(document.openapi).toBe("3.1.0");
    // The parser dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it("should give every operation a 2xx response with a content schema", () => {
    const all = operations();
    expect(all.length).toBeGreaterThan(5);
    const withoutSchema = all
      .filter(({ operation }) =>
        !Object.entries(operation.responses ?? {}).some(
          ([status, r]) => /^2\d\d$/.test(status) && Object.values((r as OpenAPIV3_1.ResponseObject).content ?? {}).some((c) => c.schema !== undefined),
        ),
      )
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(withoutSchema).toEqual([]);
  });

  it("should describe every route the app serves under /api/v1 (except the document itself)", async () => {
    await api.app.ready();
    const routes = appRoutes(api.app.printRoutes({ commonPrefix: false }));
    // The parser must see the tree at all, or an empty list would pass.
    expect(routes).toContainEqual({ method: "POST", path: "/api/v1/auth/login" });
    expect(routes.some((r) => r.path.startsWith("/api/v1/") && r.path.includes("/:"))).toBe(true);
    const served = routes.filter(
      (r) => r.path.startsWith("/api/v1/") && r.path !== "/api/v1/openapi.json" && r.method !== "HEAD" && r.method !== "OPTIONS",
    );
    const undocumented = served
      .filter((r) => !document.paths?.[openApiPath(r.path)]?.[r.method.toLowerCase() as (typeof HTTP_METHODS)[number]])
      .map((r) => `${r.method} ${r.path}`);
    expect(undocumented).toEqual([]);
  });

  it("should document no operation the app does not serve", async () => {
    await api.app.ready();
    const served = new Set(appRoutes(api.app.printRoutes({ commonPrefix: false })).map((r) => `${r.method} ${openApiPath(r.path)}`));
    const phantom = operations()
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`)
      .filter((op) => !served.has(op));
    expect(phantom).toEqual([]);
  });
});
