// GET /org/logo/:id.png: the organisation's logo as members' mail clients, letters' readers and
// member pages fetch it. Logos are immutable per id (a new upload is a new id), so the answer is
// cached for a year; the URL names no member, so fetching it tells us nothing about who opened what.
import type { FastifyPluginAsync } from "fastify";
import type { AppDeps } from "./app.ts";
import { logoPng } from "../organisation/logo.ts";
import { notFoundPage } from "./public-pages.ts";

export function organisationLogo(deps: Pick<AppDeps, "db">): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { file: string } }>("/org/logo/:file", async (request, reply) => {
      const id = /^([1-9]\d{0,9})\.png$/.exec(request.params.file)?.[1];
      const png = id && Number(id) <= 2_147_483_647 ? await logoPng(deps.db, Number(id)) : null;
      if (!png) return notFoundPage(reply);
      return reply
        .type("image/png")
        .header("cache-control", "public, max-age=31536000, immutable")
        .header("cross-origin-resource-policy", "cross-origin")
        .send(png);
    });
  };
}
