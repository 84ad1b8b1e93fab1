// SMS keywords (STOPP/START). Norwegian operators and Twilio users expect STOP words to
// work in any case and with stray spaces. What a keyword does (suppression, ledger) is the
// provider-event intake's job (src/deliveries/provider-events.ts).

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
