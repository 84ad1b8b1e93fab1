// RFC 3464 delivery status notifications: the fields of a message/delivery-status (or RFC 6533
// message/global-delivery-status) body turned into one verdict. The rule table:
//   Action failed + 5.x.x                 → hard, unless the code is about us or transient in
//                                           practice (5.2.2 mailbox full, 5.7.x, 5.1.7, …: status.ts)
//   Action failed + 4.x.x, or no code     → soft (never hard when unsure)
//   Action delayed, or any 4.x.x          → soft
//   only delivered / relayed / expanded   → not a bounce ("unknown")
import { fieldBlocks, fieldValue, type Field } from "./fields.ts";
import { collapse, messageIdsIn, recipientAddress } from "./identifiers.ts";
import { findEnhancedCode, isGeneric, isHardFailure, statusCodeOf } from "./status.ts";

export interface DsnRecipient {
  /** The first word of Action, lower case ("failed", "delayed", …); null when absent. */
  action: string | null;
  /** Status, refined from the Diagnostic-Code when Status is only x.0.0; null when neither has a code. */
  status: string | null;
  diagnostic: string | null;
  /** Final-Recipient and Original-Recipient, as plain lower-case addresses. */
  addresses: string[];
}

export interface DsnReading {
  verdict: "hard_bounce" | "soft_bounce" | "unknown";
  status: string | null;
  diagnostic: string | null;
  /** The failed/delayed recipients for a bounce; every named recipient otherwise. */
  recipients: string[];
  /** Message-IDs some MTAs (Exchange) put in the per-message fields as X-Original-Message-ID. */
  originalMessageIds: string[];
}

type Outcome = "hard" | "soft" | "none";

const RECIPIENT_FIELDS = new Set(["final-recipient", "original-recipient", "action", "status"]);
const NOT_A_FAILURE = new Set(["delivered", "relayed", "expanded"]);

/**
 * Groups the fields into per-recipient groups. A blank line separates recipients, but some MTAs
 * omit it; a recipient field seen twice therefore starts the next recipient too. (Order within a
 * group varies: Postfix writes Final-Recipient first, Exchange Original-Recipient first.)
 */
function recipientGroups(blocks: readonly Field[][]): Field[][] {
  const groups: Field[][] = [];
  for (const block of blocks) {
    let group: Field[] = [];
    for (const field of block) {
      if (RECIPIENT_FIELDS.has(field.name) && group.some((f) => f.name === field.name)) {
        groups.push(group);
        group = [];
      }
      group.push(field);
    }
    groups.push(group);
  }
  // The per-message block (Reporting-MTA, Arrival-Date, …) has none of these.
  return groups.filter((g) => g.some((f) => f.name === "final-recipient" || f.name === "action" || f.name === "status"));
}

function toRecipient(group: readonly Field[]): DsnRecipient {
  const action = fieldValue(group, "action")?.toLowerCase().match(/^[a-z]+/)?.[0] ?? null;
  const diagnostic = fieldValue(group, "diagnostic-code");
  let status = statusCodeOf(fieldValue(group, "status"));
  const fromDiagnostic = diagnostic === null ? null : findEnhancedCode(diagnostic);
  // Postfix and Exim write Status 5.0.0 when the remote reply had no enhanced code of its own but
  // the reply text may still carry one ("550 5.1.1 User unknown"); keep the class, take the detail.
  if (fromDiagnostic !== null && (status === null || (isGeneric(status) && fromDiagnostic[0] === status[0]))) {
    status = fromDiagnostic;
  }
  const addresses = [fieldValue(group, "final-recipient"), fieldValue(group, "original-recipient")]
    .map((v) => (v === null ? null : recipientAddress(v)))
    .filter((v): v is string => v !== null);
  return { action, status, diagnostic: diagnostic === null ? null : collapse(diagnostic), addresses: [...new Set(addresses)] };
}

/** One recipient's outcome under the rule table above. */
export function outcomeOf(recipient: Pick<DsnRecipient, "action" | "status">): Outcome {
  const { action, status } = recipient;
  if (action !== null && NOT_A_FAILURE.has(action)) return "none";
  if (action === "failed") return status !== null && isHardFailure(status) ? "hard" : "soft";
  if (action === "delayed") return "soft";
  // No (or an unknown) Action: a malformed report is never trusted for a hard verdict.
  if (status !== null && (status.startsWith("4.") || status.startsWith("5."))) return "soft";
  return "none";
}

/** Reads a delivery-status body; null when it names no recipient at all. */
export function readDsn(text: string): DsnReading | null {
  const blocks = fieldBlocks(text);
  const recipients = recipientGroups(blocks).map(toRecipient);
  if (recipients.length === 0) return null;
  const originalMessageIds = blocks.flat().filter((f) => f.name === "x-original-message-id").flatMap((f) => messageIdsIn(f.value));
  const judged = recipients.map((r) => ({ r, outcome: outcomeOf(r) }));
  const chosen = judged.find((j) => j.outcome === "hard") ?? judged.find((j) => j.outcome === "soft");
  if (chosen === undefined) {
    return {
      verdict: "unknown",
      status: null,
      diagnostic: null,
      recipients: [...new Set(recipients.flatMap((r) => r.addresses))],
      originalMessageIds,
    };
  }
  const failing = judged.filter((j) => j.outcome !== "none").flatMap((j) => j.r.addresses);
  return {
    verdict: chosen.outcome === "hard" ? "hard_bounce" : "soft_bounce",
    status: chosen.r.status,
    diagnostic: chosen.r.diagnostic,
    recipients: [...new Set(failing)],
    originalMessageIds,
  };
}
