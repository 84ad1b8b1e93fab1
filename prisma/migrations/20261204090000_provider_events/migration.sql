-- One intake for every provider verdict (src/deliveries/provider-events.ts): bounces (a refusal in
-- the SMTP conversation, a DSN, a non-standard NDR), complaints (ARF), mailed unsubscribes,
-- auto-replies, SMS STOP/START and Twilio's error codes. Each verdict is stored once; the unique
-- key (the inbound message's Message-ID, or Twilio's MessageSid and status) makes processing the
-- same message twice change nothing the second time.
ALTER TYPE "SuppressionReason" ADD VALUE IF NOT EXISTS 'soft_bounce' AFTER 'hard_bounce';
ALTER TYPE "DeliveryStatus" ADD VALUE IF NOT EXISTS 'bounced';
ALTER TYPE "ConsentSource" ADD VALUE IF NOT EXISTS 'complaint';
ALTER TYPE "ConsentSource" ADD VALUE IF NOT EXISTS 'mailto';

CREATE TABLE "provider_event" (
  "id" BIGSERIAL PRIMARY KEY,
  "kind" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  "channel" TEXT NOT NULL,
  "delivery_id" BIGINT,
  "campaign_id" INTEGER,
  "member_id" INTEGER,
  -- Keyed hash of the normalised address (pseudonyms.ts), never the address itself.
  "address_hash" TEXT,
  -- An enhanced status code ("5.1.1"), an SMTP reply code or a provider's code ("twilio_30003").
  "status" TEXT,
  -- What the intake did: suppressed, counted, opted_out, marked_invalid, recorded, …
  "action" TEXT NOT NULL,
  "idempotency_key" TEXT,
  "at" TIMESTAMPTZ(3) NOT NULL,
  "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE UNIQUE INDEX "provider_event_idempotency_key_key" ON "provider_event" ("idempotency_key");
-- Soft bounces per address within the window (SOFT_BOUNCE_WINDOW_DAYS).
CREATE INDEX "provider_event_address_idx" ON "provider_event" ("channel", "address_hash", "kind", "at");
-- Complaints (and bounces) per campaign, for its complaint rate.
CREATE INDEX "provider_event_campaign_idx" ON "provider_event" ("campaign_id", "kind");

-- Inbound messages that could not be parsed or matched: kept with the reason for staff to look
-- at, and deleted after INBOUND_QUARANTINE_DAYS (they hold addresses and text of third parties).
CREATE TABLE "inbound_quarantine" (
  "id" BIGSERIAL PRIMARY KEY,
  "received_via" TEXT NOT NULL,
  "reason" TEXT NOT NULL,
  "verdict" TEXT,
  "message_id" TEXT,
  "size" INTEGER NOT NULL,
  "raw" BYTEA NOT NULL,
  "received_at" TIMESTAMPTZ(3) NOT NULL
);
CREATE INDEX "inbound_quarantine_received_at_idx" ON "inbound_quarantine" ("received_at");
