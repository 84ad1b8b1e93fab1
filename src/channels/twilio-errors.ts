// Turns what the twilio SDK throws into a SendFailure. The SDK throws RestException (legacy
// JSON `{code, message, more_info, status}`) or TwilioServiceException (RFC 9457); both carry
// `status` (HTTP) and `code` (Twilio error code). Network failures are axios errors without a
// status but with a system `code` such as ECONNREFUSED or ECONNRESET.
import { scrubAddresses } from "./scrub.ts";
import type { SendFailure } from "./types.ts";

/** Twilio error codes with a meaning for us (https://www.twilio.com/docs/api/errors). */
export const TWILIO_ERROR = {
  /** The recipient replied STOP; Twilio refuses until they reply START. */
  unsubscribed: 21610,
  /** The 'To' number is not a valid phone number. */
  invalidNumber: 21211,
  /** The 'To' number is not a mobile number (cannot receive SMS). */
  notMobile: 21614,
  /** Too many requests. */
  tooManyRequests: 20429,
  /** The 'From' number is not a valid phone number or alphanumeric sender. */
  invalidFrom: 21212,
  /** The 'From' number cannot send SMS. */
  fromNotSmsCapable: 21606,
} as const;

// No connection was made: Twilio never saw the request, so trying again is safe.
const NOT_CONNECTED = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "ERR_INVALID_URL"]);

interface TwilioLikeError {
  status?: unknown;
  code?: unknown;
  message?: unknown;
}

export function classifyTwilioError(error: unknown, retryAfterMs?: number): SendFailure {
  const err = (typeof error === "object" && error !== null ? error : {}) as TwilioLikeError;
  const message = scrubAddresses(typeof err.message === "string" && err.message ? err.message : "Twilio error");
  const status = typeof err.status === "number" ? err.status : undefined;
  const twilioCode = typeof err.code === "number" ? err.code : undefined;

  if (status === undefined) {
    const network = typeof err.code === "string" ? err.code : "network";
    // Refused before the request left: nothing was created. Anything else (reset, timeout, a
    // socket hang-up) happened after the request was written: Twilio may have created the message.
    return NOT_CONNECTED.has(network) ? { kind: "retryable", code: network, message } : { kind: "uncertain", code: network, message };
  }
  const code = twilioCode !== undefined ? `twilio_${twilioCode}` : `http_${status}`;
  if (twilioCode === TWILIO_ERROR.unsubscribed) return { kind: "permanent", code, message, suppress: "sms_stop" };
  if (twilioCode === TWILIO_ERROR.invalidNumber || twilioCode === TWILIO_ERROR.notMobile) {
    return { kind: "permanent", code, message, invalidAddress: true };
  }
  if (status === 429 || twilioCode === TWILIO_ERROR.tooManyRequests) {
    return { kind: "rate_limited", code, message, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  // Our account or sender: every message would fail alike, and no recipient is at fault.
  if (status === 401 || status === 403 || twilioCode === TWILIO_ERROR.invalidFrom || twilioCode === TWILIO_ERROR.fromNotSmsCapable) {
    return { kind: "sender_refused", code, message };
  }
  // Twilio answered with an error: the message was not created.
  if (status >= 500) return { kind: "retryable", code, message };
  return { kind: "permanent", code, message };
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: unknown, now: Date): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== "string" || text.trim() === "") return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
