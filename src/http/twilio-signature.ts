// Twilio webhook authentication, reusable by every Twilio route (inbound messages here,
// status callbacks in the delivery area): `preHandler: twilioSignature(config)`.
// The signature covers PUBLIC_URL + the request path and query, plus the sorted POST
// parameters, keyed with the auth token (twilio.validateRequest). Missing or wrong → 403.
// Without TWILIO_AUTH_TOKEN nothing can be verified, so every request is refused with 403
// too: an unauthenticated STOP/START endpoint would let anyone switch numbers on and off.
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import twilio from "twilio";
import type { Config } from "../config.ts";

/** The URL Twilio signed: the public origin and base path, then the path the app saw. */
export function signedUrl(publicUrl: string, requestUrl: string): string {
  return publicUrl.replace(/\/+$/, "") + requestUrl;
}

export function twilioSignature(config: Pick<Config, "PUBLIC_URL" | "TWILIO_AUTH_TOKEN">): preHandlerAsyncHookHandler {
  return async function verifyTwilioSignature(request: FastifyRequest, reply: FastifyReply) {
    const token = config.TWILIO_AUTH_TOKEN;
    const header = request.headers["x-twilio-signature"];
    const signature = Array.isArray(header) ? header[0] : header;
    const params = (request.body && typeof request.body === "object" ? request.body : {}) as Record<string, unknown>;
    const valid =
      token !== undefined &&
      typeof signature === "string" &&
      signature.length > 0 &&
      twilio.validateRequest(token, signature, signedUrl(config.PUBLIC_URL, request.url), params);
    if (!valid) {
      request.log.warn({ route: request.routeOptions.url, configured: token !== undefined }, "twilio signature rejected");
      await reply.code(403).type("text/plain; charset=utf-8").send("Forbidden");
    }
  };
}
