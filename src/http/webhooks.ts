// Provider webhooks, in their own encapsulated scope: form bodies, Twilio signatures, no
// public-page rate limit (providers retry in bursts; the signature is the guard).
import formbody from "@fastify/formbody";
import type { FastifyPluginAsync } from "fastify";
import { SMS_REPLIES } from "../consent/sms-stop.ts";
import { handleInboundSms } from "../deliveries/inbound-sms.ts";
import { takeProviderEvent } from "../deliveries/provider-events.ts";
import { receiveReport, reportFromTwilio, twilioVerdict } from "../deliveries/reports.ts";
import type { AppDeps } from "./app.ts";
import { esc } from "./html.ts";
import { twilioSignature } from "./twilio-signature.ts";

export function twiml(message: string | null): string {
  const inner = message === null ? "" : `<Message>${esc(message)}</Message>`;
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${inner}</Response>`;
}

export function webhooks(deps: AppDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(formbody);
    app.post<{ Body: Record<string, string | undefined> }>(
      "/webhooks/twilio/inbound",
      { preHandler: twilioSignature(deps.config) },
      async (request, reply) => {
        const from = typeof request.body?.From === "string" ? request.body.From : "";
        const body = typeof request.body?.Body === "string" ? request.body.Body : "";
        const messageSid = typeof request.body?.MessageSid === "string" ? request.body.MessageSid : undefined;
        const outcome = await handleInboundSms(deps, { from, body, at: deps.clock.now(), ...(messageSid ? { messageSid } : {}) });
        request.log.info({ keyword: outcome.keyword, members: outcome.memberIds }, "inbound sms handled");
        const message = outcome.keyword === null ? null : SMS_REPLIES[outcome.keyword];
        return reply.type("text/xml; charset=utf-8").send(twiml(message));
      },
    );

    // Delivery reports for the statusCallback every outgoing SMS sets: `…/status?d=<delivery id>`.
    // The signature covers the query, so the delivery id cannot be forged.
    app.post<{ Body: Record<string, string | undefined>; Querystring: { d?: string } }>(
      "/webhooks/twilio/status",
      { preHandler: twilioSignature(deps.config) },
      async (request, reply) => {
        const sid = request.body?.MessageSid;
        const status = request.body?.MessageStatus;
        if (typeof sid !== "string" || typeof status !== "string") return reply.code(400).send("Bad request");
        const deliveryId = /^[1-9]\d{0,18}$/.test(request.query.d ?? "") ? BigInt(request.query.d!) : null;
        const report = reportFromTwilio({ MessageStatus: status, ErrorCode: request.body?.ErrorCode });
        if (report && deliveryId !== null) {
          const outcome = await receiveReport(deps.db, { deliveryId, providerId: sid, ...report });
          // The verdict counts only for the message this delivery sent (or is about to record); the
          // row is read only for an error code that means something (most callbacks say delivered).
          const coded = twilioVerdict(request.body?.ErrorCode);
          const row = coded && await deps.db.delivery.findUnique({ where: { id: deliveryId }, select: { providerId: true } });
          const verdict = row && (row.providerId === null || row.providerId === sid) ? coded : null;
          const intake = verdict && await takeProviderEvent(deps, {
            kind: verdict, source: "twilio_status", channel: "sms", deliveryId, status: `twilio_${request.body!.ErrorCode}`,
            idempotencyKey: `twilio:${sid}:${status}`, at: deps.clock.now(), settleDelivery: false,
          });
          request.log.info({ status, outcome, verdict, action: intake ? intake.action : null }, "sms status callback");
        } else {
          // In-between statuses (queued, sent) say nothing final; a callback without our delivery id is not ours.
          request.log.info({ status, ours: deliveryId !== null }, "sms status callback ignored");
        }
        return reply.type("text/xml; charset=utf-8").send(twiml(null));
      },
    );
  };
}
