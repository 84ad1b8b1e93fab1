// An SMS to our number (Twilio's inbound webhook): STOPP or START becomes a provider event, and
// the intake writes the suppression and the ledger entries for every member holding the number.
import { normaliseAddress } from "../consent/pseudonyms.ts";
import { smsKeyword, type Keyword } from "../consent/sms-stop.ts";
import { takeProviderEvent, type IntakeDeps } from "./provider-events.ts";

export interface InboundSms {
  from: string;
  body: string;
  at: Date;
  /** Twilio's MessageSid: a webhook retried by Twilio is then handled once. */
  messageSid?: string;
}

export interface InboundOutcome {
  keyword: Keyword;
  /** Members holding the number (ids only). */
  memberIds: number[];
}

export async function handleInboundSms(deps: IntakeDeps, sms: InboundSms): Promise<InboundOutcome> {
  const keyword = smsKeyword(sms.body);
  const number = normaliseAddress("sms", sms.from);
  if (keyword === null || number === null) return { keyword, memberIds: [] };
  await takeProviderEvent(deps, {
    kind: keyword === "stop" ? "sms_stop" : "sms_start", source: "twilio_inbound", channel: "sms", address: number, at: sms.at,
    ...(sms.messageSid ? { idempotencyKey: `twilio:${sms.messageSid}` } : {}),
  });
  // Erased members hold no number any more, so they cannot match here.
  const holders = await deps.db.member.findMany({ where: { mobile: number }, select: { id: true } });
  return { keyword, memberIds: holders.map((h) => h.id) };
}
