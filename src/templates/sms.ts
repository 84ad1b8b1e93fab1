// SMS encoding and segment count. sms-segments-calculator (Twilio's) was checked against the
// GSM 03.38 rules before use (test/templates/sms.test.ts keeps checking): 160/161 GSM-7
// characters → 1/2 segments, 70/71 UTF-16 units with an emoji → 1/2, € and {}[]~^|\ count
// as two septets, and ÆØÅæøå are in the basic table. So we use it rather than our own.
import { SegmentedMessage } from "sms-segments-calculator";

export interface SmsCount {
  encoding: "GSM-7" | "UCS-2";
  segments: number;
  /** Billable length: septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2. */
  characters: number;
}

export function countSms(body: string): SmsCount {
  const message = new SegmentedMessage(body);
  const encoding = message.encodingName === "GSM-7" ? "GSM-7" : "UCS-2";
  return {
    encoding,
    segments: message.segmentsCount,
    characters: encoding === "GSM-7" ? message.numberOfCharacters : body.length,
  };
}

export const SMS_WARN_SEGMENTS = 3;
export const SMS_MAX_SEGMENTS = 10;

/** Whether SMS go out from a phone number (E.164) rather than an alphanumeric sender that names the organisation. */
export function senderIsNumber(from: string | undefined): boolean {
  return from !== undefined && from.startsWith("+");
}
