// POST /webhooks/inbound: relays that post bounces over HTTP send the raw RFC 822 message as the
// body, with `Authorization: Bearer <INBOUND_WEBHOOK_SECRET>`. In its own scope, because it takes
// raw bodies of up to INBOUND_MAX_BYTES (the other webhooks take small forms). Without a secret
// configured the route does not exist.
import type { FastifyPluginAsync } from "fastify";
import { bearerMatches } from "../auth/secrets.ts";
import { ingestInbound } from "../inbound/ingest.ts";
import type { AppDeps } from "./app.ts";

const RAW_TYPES = ["message/rfc822", "message/global", "text/plain", "application/octet-stream"];

export function inboundWebhook(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    const secret = deps.config.INBOUND_WEBHOOK_SECRET;
    if (!secret) return;
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(RAW_TYPES, { parseAs: "buffer", bodyLimit: deps.config.INBOUND_MAX_BYTES }, (_request, body, done) => done(null, body));
    app.post<{ Body: Buffer }>(
      "/webhooks/inbound",
      {
        bodyLimit: deps.config.INBOUND_MAX_BYTES,
        // The secret is checked before the body is read, so a stranger cannot make us buffer 10 MB.
        onRequest: async (request, reply) => {
          if (!bearerMatches(request.headers.authorization, secret)) {
            return reply.code(401).header("www-authenticate", 'Bearer realm="inbound"').type("text/plain; charset=utf-8").send("Unauthorized");
          }
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
          return reply.code(400).type("text/plain; charset=utf-8").send(`Send the raw message as the body, with Content-Type ${RAW_TYPES[0]}`);
        }
        const result = await ingestInbound(deps, request.body, { via: "webhook" });
        request.log.info({ kind: result.kind, action: result.action }, "inbound message posted");
        return reply.code(200).send(result);
      },
    );
  };
}
