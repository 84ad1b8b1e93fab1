// Turns a nodemailer error into a SendFailure. nodemailer sets `responseCode` (the SMTP reply
// code) and `response` (the reply line) when the server answered, and `code` (ECONNECTION,
// ETIMEDOUT, EENVELOPE, …) plus `originalCode` (the system error, e.g. ECONNREFUSED) otherwise.
import { scrubAddresses } from "./scrub.ts";
import type { SendFailure } from "./types.ts";

interface NodemailerError {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  message?: string;
}

/** Enhanced status code (RFC 3463) right after the reply code: `550 5.1.1 …` → `5.1.1`. */
export function enhancedStatus(response: string | undefined): string | undefined {
  return response ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] : undefined;
}

// The client could not talk to the server: nothing was decided about the message, so try again.
const TRANSIENT_CODES = new Set([
  "ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "EPROTOCOL", "EMAXLIMIT", "ESTREAM",
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN",
  // A login problem hits every message alike: retrying (and letting the campaign's error budget
  // pause it) is better than failing every recipient for good over a configuration mistake.
  "EAUTH", "ENOAUTH",
]);

export function classifySmtpError(error: unknown): SendFailure {
  const err = (typeof error === "object" && error !== null ? error : { message: String(error) }) as NodemailerError;
  const message = scrubAddresses(err.response ?? err.message ?? "SMTP error");
  const reply = err.responseCode;
  // A rejected login (535) says nothing about the recipient: see TRANSIENT_CODES.
  if (err.code === "EAUTH" || err.code === "ENOAUTH") return { kind: "retryable", code: reply ? `smtp_${reply}` : err.code, message };
  if (typeof reply === "number" && reply >= 400 && reply < 600) {
    const enhanced = enhancedStatus(err.response);
    const code = `smtp_${reply}${enhanced ? `_${enhanced}` : ""}`;
    if (reply < 500) return { kind: "retryable", code, message };
    // 5.1.x: the mailbox or its address is bad (RFC 3463 "addressing status"), so stop mailing it.
    if (enhanced?.startsWith("5.1.")) return { kind: "permanent", code, message, suppress: "hard_bounce" };
    return { kind: "permanent", code, message };
  }
  const system = err.originalCode ?? err.code;
  if (system && TRANSIENT_CODES.has(system)) return { kind: "retryable", code: system, message };
  // nodemailer refused the address before talking to the server ("Invalid recipient").
  if (err.code === "EENVELOPE") return { kind: "permanent", code: "EENVELOPE", message, invalidAddress: true };
  if (err.code === "EMESSAGE") return { kind: "permanent", code: "EMESSAGE", message };
  // Unknown: retry, bounded by the queue's attempt limit, rather than lose a message.
  return { kind: "retryable", code: system ?? "smtp_unknown", message };
}
