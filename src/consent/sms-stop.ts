// SMS keywords (STOPP/START). Norwegian operators and Twilio users expect STOP words to
// work in any case and with stray spaces. STOP suppresses the number for every purpose,
// service included (the member asked this number to stop), and records a channel-wide SMS
// opt-out in the ledger for each member holding the number. START lifts only an sms_stop
// suppression (a number that bounced stays suppressed).
import type { Db } from "../db/client.ts";
import { recordConsentEvent } from "./ledger.ts";
import { normaliseAddress, type Pseudonyms } from "./pseudonyms.ts";
import { liftSuppression, suppressAddress } from "./suppressions.ts";

export const STOP_WORDS = ["STOPP", "STOP", "AVSLUTT", "STOPALL"] as const;
export const START_WORDS = ["START"] as const;

export type Keyword = "stop" | "start" | null;

export function smsKeyword(body: string): Keyword {
  const word = body.trim().toUpperCase();
  if ((STOP_WORDS as readonly string[]).includes(word)) return "stop";
  if ((START_WORDS as readonly string[]).includes(word)) return "start";
  return null;
}

export const SMS_REPLIES = {
  stop: "Du er nå meldt av SMS fra oss og får ikke flere SMS. Send START for å melde deg på igjen.",
  start: "Du er meldt på SMS fra oss igjen. Send STOPP for å melde deg av.",
} as const;

export interface InboundSms {
  from: string;
  body: string;
  at: Date;
  pseudonyms: Pseudonyms;
}

export interface InboundOutcome {
  keyword: Keyword;
  /** Members whose ledger got an event (ids only). */
  memberIds: number[];
}

export async function handleInboundSms(db: Db, sms: InboundSms): Promise<InboundOutcome> {
  const keyword = smsKeyword(sms.body);
  const number = normaliseAddress("sms", sms.from);
  if (keyword === null || number === null) return { keyword, memberIds: [] };
  return db.$transaction(async (tx) => {
    // Erased members hold no number any more, so they cannot match here.
    const holders = await tx.member.findMany({ where: { mobile: number }, select: { id: true } });
    if (keyword === "stop") {
      await suppressAddress(tx, { channel: "sms", address: number, reason: "sms_stop", at: sms.at, source: "twilio:inbound", pseudonyms: sms.pseudonyms });
    } else {
      await liftSuppression(tx, { channel: "sms", address: number, at: sms.at, reason: "sms_start", onlyReasons: ["sms_stop"], pseudonyms: sms.pseudonyms });
    }
    for (const { id } of holders) {
      await recordConsentEvent(tx, {
        memberId: id, purpose: "all", channel: "sms", action: keyword === "stop" ? "opt_out" : "opt_in",
        source: "sms_stop", actor: "sms", at: sms.at, basis: keyword === "stop" ? "sms keyword STOPP" : "sms keyword START",
      });
    }
    return { keyword, memberIds: holders.map((h) => h.id) };
  });
}
