-- CreateEnum
CREATE TYPE "CampaignState" AS ENUM ('draft', 'scheduled', 'launching', 'sending', 'paused', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sending', 'sent', 'delivered', 'failed', 'skipped', 'cancelled');

-- CreateTable
CREATE TABLE "campaign" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "channels" TEXT[],
    "template_version_id" INTEGER NOT NULL,
    "segment_version_id" INTEGER,
    "audience_rules" JSONB,
    "newsletter_id" INTEGER,
    "data" JSONB NOT NULL DEFAULT '{}',
    "definition" JSONB NOT NULL,
    "state" "CampaignState" NOT NULL DEFAULT 'draft',
    "state_reason" TEXT,
    "send_at" TIMESTAMPTZ(3),
    "schedule_version" INTEGER NOT NULL DEFAULT 0,
    "snapshot_id" INTEGER,
    "launched_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "provider_id" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "campaign_state_idx" ON "campaign"("state");

-- CreateIndex
CREATE INDEX "delivery_campaign_id_channel_status_idx" ON "delivery"("campaign_id", "channel", "status");

-- CreateIndex
CREATE INDEX "delivery_provider_id_idx" ON "delivery"("provider_id");

-- CreateIndex
CREATE INDEX "delivery_member_id_idx" ON "delivery"("member_id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_campaign_id_member_id_channel_key" ON "delivery"("campaign_id", "member_id", "channel");

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The claim query picks pending rows of one batch; recovery looks for stale claims.
CREATE INDEX "delivery_sending_claimed_at_idx" ON "delivery"("claimed_at") WHERE "status" = 'sending';
ALTER TABLE "campaign" ADD CONSTRAINT "campaign_channels_known" CHECK ("channels" <@ ARRAY['email','sms','letter']::text[] AND cardinality("channels") > 0);
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_channel_known" CHECK ("channel" IN ('email','sms','letter'));
