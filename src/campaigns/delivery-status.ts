// Provider status reports (Twilio status callbacks) move deliveries forward, never back:
// a late "sent" cannot undo "delivered".
import type { Db } from "../db/client.ts";

export type StatusUpdate = { kind: "delivered" } | { kind: "failed"; reason: string } | { kind: "ignored" };

/** Maps Twilio's MessageStatus (queued, sending, sent, delivered, undelivered, failed) to our update. */
export function fromTwilioStatus(status: string, errorCode?: string): StatusUpdate {
  switch (status) {
    case "delivered":
      return { kind: "delivered" };
    case "undelivered":
    case "failed":
      return { kind: "failed", reason: errorCode ? `twilio_${errorCode}` : `twilio_${status}` };
    default:
      return { kind: "ignored" };
  }
}

/** Applies an update to the SMS delivery with this provider id; returns how many rows moved. */
export function applyProviderStatus(db: Db, providerId: string, update: StatusUpdate): Promise<number> {
  switch (update.kind) {
    case "delivered":
      return db.$executeRawUnsafe(
        `UPDATE delivery SET status = 'delivered', delivered_at = now(), updated_at = now()
         WHERE provider_id = $1 AND channel = 'sms' AND status IN ('sending', 'sent')`,
        providerId,
      );
    case "failed":
      return db.$executeRawUnsafe(
        `UPDATE delivery SET status = 'failed', reason = $2, failed_at = now(), updated_at = now()
         WHERE provider_id = $1 AND channel = 'sms' AND status IN ('sending', 'sent', 'delivered')`,
        providerId, update.reason,
      );
    case "ignored":
      return Promise.resolve(0);
  }
}
