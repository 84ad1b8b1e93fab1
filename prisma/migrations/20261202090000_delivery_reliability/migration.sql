-- Delivery reliability: fenced claims with a lease, batches as the unit of queueing and
-- completion, early provider status reports, and a delivery table whose hot updates are HOT.

-- A claim is fenced by a token that every settle statement checks; the lease says until when the
-- claim holds (renewed by a heartbeat while its messages are in flight).
ALTER TABLE "delivery" ADD COLUMN "claim_token" UUID;
ALTER TABLE "delivery" ADD COLUMN "lease_until" TIMESTAMPTZ(3);
DROP INDEX "delivery_sending_claimed_at_idx";
ALTER TABLE "delivery" DROP COLUMN "claimed_at";

-- Every delivery row is updated twice (claimed, then settled). No index covers a column those
-- updates change, and pages keep room for the new versions, so both updates are heap-only
-- (HOT): no index maintenance on the hot path. Counts by status scan the campaign's rows
-- through the unique (campaign_id, member_id, channel) index; completion reads delivery_batch.
DROP INDEX "delivery_campaign_id_channel_status_idx";
DROP INDEX "delivery_provider_id_idx";
ALTER TABLE "delivery" SET (fillfactor = 50);

-- The delivery_batch a row belongs to (set at launch, never updated). A batch job reads its rows
-- through this index, in member order: equality on three columns, so it is chosen whatever the
-- statistics say, and it covers no column the hot updates change.
ALTER TABLE "delivery" ADD COLUMN "batch_no" INTEGER NOT NULL DEFAULT 0;
CREATE INDEX "delivery_campaign_id_channel_batch_no_member_id_idx" ON "delivery"("campaign_id", "channel", "batch_no", "member_id");

-- Campaign rounds: resume and retry-failed enqueue the open batches again under new job ids.
ALTER TABLE "campaign" ADD COLUMN "round" INTEGER NOT NULL DEFAULT 0;

-- One row per batch job: a contiguous member-id range of one campaign and channel.
CREATE TABLE "delivery_batch" (
    "campaign_id" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "batch_no" INTEGER NOT NULL,
    "first_member_id" INTEGER NOT NULL,
    "last_member_id" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "round" INTEGER NOT NULL DEFAULT 0,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "delivery_batch_pkey" PRIMARY KEY ("campaign_id","channel","batch_no")
);
ALTER TABLE "delivery_batch" ADD CONSTRAINT "delivery_batch_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- Completion and the sweeper ask only for open batches.
CREATE INDEX "delivery_batch_open_idx" ON "delivery_batch"("campaign_id") WHERE "closed_at" IS NULL;

-- Provider status reports (Twilio status callbacks). A report can arrive before the worker has
-- recorded the provider's answer; it is kept here and applied when the row is recorded.
CREATE TABLE "delivery_report" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "provider_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "applied_at" TIMESTAMPTZ(3),

    CONSTRAINT "delivery_report_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "delivery_report_pending_idx" ON "delivery_report"("delivery_id") WHERE "applied_at" IS NULL;
ALTER TABLE "delivery_report" ADD CONSTRAINT "delivery_report_status_known" CHECK ("status" IN ('delivered', 'failed'));
