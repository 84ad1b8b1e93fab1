// Turns a nodemailer error into a SendFailure. nodemailer sets `responseCode` (the SMTP reply
// code) and `response` (the reply line) when the server answered, `command` (the stage: `MAIL
// FROM`, `RCPT TO`, `DATA`, `CONN`, `AUTH …`), and `code` (ECONNECTION, ETIMEDOUT, EENVELOPE, …)
// plus `originalCode` (the system error, e.g. ECONNREFUSED) otherwise.
//
// Who is at fault decides what happens (RFC 5321, RFC 3463):
// - a 5.1.x answer to RCPT TO that says the mailbox is dead: the recipient's address (suppress it);
// - a 5xx answer to MAIL FROM, 5.1.7/5.1.8 anywhere, a policy or content refusal (5.7.x, 5.6.x)
//   at DATA, a refused login or greeting: us (pause the campaign, suppress nothing);
// - any other 5xx (a full mailbox at DATA, a recipient's policy at RCPT TO): this message fails;
// - throttling (421, or 4xx with 4.7.x or "too many …"): slow the whole channel down;
// - a broken or timed-out connection after it was made: uncertain, the server may have the message.
import { scrubAddresses } from "./scrub.ts";
import type { SendFailure } from "./types.ts";

interface NodemailerError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
  /** For ETIMEDOUT: CONNECTION_TIMEOUT, GREETING_TIMEOUT, SOCKET_TIMEOUT, … */
  timeoutType?: string;
}

/** Enhanced status code (RFC 3463) right after the reply code: `550 5.1.1 …` → `5.1.1`. */
export function enhancedStatus(response: string | undefined): string | undefined {
  return response ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] : undefined;
}

/** RCPT TO answers that mean the mailbox does not exist or cannot exist (RFC 3463 §3.2). */
const DEAD_RECIPIENT = new Set(["5.1.1", "5.1.2", "5.1.3", "5.1.6", "5.1.10"]);
/** About the sender: 5.1.7 bad sender mailbox syntax, 5.1.8 bad sender's system address. */
const BAD_SENDER = new Set(["5.1.7", "5.1.8"]);

const THROTTLE_TEXT = /too many (connections|messages|recipients|sessions|concurrent)|rate.?limit|throttl|slow down|try again in \d+/i;

// The connection was never made: nothing was handed over, so trying again is safe.
const NOT_CONNECTED = new Set([
  "ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EDNS", "ETLS", "EPROXY", "EMAXLIMIT",
]);
// The connection broke or stalled after it was made: the server may have accepted the message.
const BROKEN_CONNECTION = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "ECONNRESET", "EPIPE", "ESTREAM", "EPROTOCOL"]);
const EARLY_TIMEOUTS = new Set(["CONNECTION_TIMEOUT", "GREETING_TIMEOUT", "DNS_TIMEOUT", "TLS_TIMEOUT"]);

export function classifySmtpError(error: unknown): SendFailure {
  const err = (typeof error === "object" && error !== null ? error : { message: String(error) }) as NodemailerError;
  const message = scrubAddresses(err.response ?? err.message ?? "SMTP error");
  const reply = err.responseCode;
  if (err.code === "EAUTH" || err.code === "ENOAUTH") {
    // The relay refused our login: every message would fail alike, and no recipient is at fault.
    return { kind: "sender_refused", code: reply ? `smtp_${reply}` : err.code, message };
  }
  if (typeof reply === "number" && reply >= 400 && reply < 600) {
    const enhanced = enhancedStatus(err.response);
    const code = `smtp_${reply}${enhanced ? `_${enhanced}` : ""}`;
    if (reply < 500) {
      const throttled = reply === 421 || enhanced?.startsWith("4.7.") || THROTTLE_TEXT.test(err.response ?? "");
      return { kind: throttled ? "rate_limited" : "retryable", code, message };
    }
    if (enhanced && BAD_SENDER.has(enhanced)) return { kind: "sender_refused", code, message };
    switch (err.command) {
      case "RCPT TO":
        // Only a dead mailbox suppresses. Other refusals (a recipient's own policy) fail this
        // message; a relay that refuses everyone trips the error budget within a few sends.
        if (enhanced && DEAD_RECIPIENT.has(enhanced)) return { kind: "permanent", code, message, suppress: "hard_bounce" };
        return { kind: "permanent", code, message };
      case "DATA":
        // Policy (5.7.x: spam, DMARC, authentication) and content (5.6.x) refuse what we send;
        // a full mailbox (5.2.x) or an oversized message is this message's own failure.
        if (enhanced?.startsWith("5.7.") || enhanced?.startsWith("5.6.")) return { kind: "sender_refused", code, message };
        return { kind: "permanent", code, message };
      default:
        // MAIL FROM, the greeting, or after a login: the server refuses who we are.
        return { kind: "sender_refused", code, message };
    }
  }
  const system = err.originalCode ?? err.code;
  if (system && NOT_CONNECTED.has(system)) return { kind: "retryable", code: system, message };
  if (err.code === "ETIMEDOUT" && err.timeoutType && EARLY_TIMEOUTS.has(err.timeoutType)) {
    return { kind: "retryable", code: "ETIMEDOUT", message };
  }
  if (system && BROKEN_CONNECTION.has(system)) return { kind: "uncertain", code: system, message };
  // nodemailer refused the address before talking to the server ("Invalid recipient").
  if (err.code === "EENVELOPE") return { kind: "permanent", code: "EENVELOPE", message, invalidAddress: true };
  if (err.code === "EMESSAGE") return { kind: "permanent", code: "EMESSAGE", message };
  // Unknown: retry, bounded by MAX_ATTEMPTS, rather than lose a message.
  return { kind: "retryable", code: system ?? "smtp_unknown", message };
}
