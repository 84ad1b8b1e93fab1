-- Newsletters (issue 13): template, sender name, an optional cron schedule (Europe/Oslo) and an
-- optional segment per newsletter; double opt-in subscriptions; issues prepared by staff and sent
-- (or a slot skipped) by the schedule. The ledger stays the record of who is subscribed.
ALTER TYPE "ConsentSource" ADD VALUE IF NOT EXISTS 'subscribe_form';

CREATE TYPE "NewsletterIssueStatus" AS ENUM ('prepared', 'sent', 'skipped', 'cancelled');

ALTER TABLE "newsletter"
  ADD COLUMN "template_id" INTEGER,
  ADD COLUMN "sender_name" TEXT,
  ADD COLUMN "schedule_cron" TEXT,
  ADD COLUMN "segment_id" INTEGER,
  ADD COLUMN "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "newsletter" ADD CONSTRAINT "newsletter_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "newsletter" ADD CONSTRAINT "newsletter_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "newsletter_subscription" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "newsletter_id" INTEGER NOT NULL,
    "token_hash" TEXT NOT NULL,
    "source" "ConsentSource" NOT NULL,
    "consent_text_version" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),

    CONSTRAINT "newsletter_subscription_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "newsletter_subscription_token_hash_key" ON "newsletter_subscription"("token_hash");
CREATE INDEX "newsletter_subscription_member_id_newsletter_id_idx" ON "newsletter_subscription"("member_id", "newsletter_id");
CREATE INDEX "newsletter_subscription_expires_at_idx" ON "newsletter_subscription"("expires_at");
-- At most one request waiting for confirmation per member and newsletter: asking again renews it.
CREATE UNIQUE INDEX "newsletter_subscription_pending_key" ON "newsletter_subscription"("member_id", "newsletter_id") WHERE "confirmed_at" IS NULL;
ALTER TABLE "newsletter_subscription" ADD CONSTRAINT "newsletter_subscription_newsletter_id_fkey" FOREIGN KEY ("newsletter_id") REFERENCES "newsletter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "newsletter_subscription" ADD CONSTRAINT "newsletter_subscription_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "newsletter_issue" (
    "id" SERIAL NOT NULL,
    "newsletter_id" INTEGER NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "content" TEXT NOT NULL DEFAULT '',
    "status" "NewsletterIssueStatus" NOT NULL DEFAULT 'prepared',
    "slot_at" TIMESTAMPTZ(3),
    "campaign_id" INTEGER,
    "reason" TEXT,
    "created_by" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "newsletter_issue_pkey" PRIMARY KEY ("id")
);
-- One decision per newsletter and slot (NULLs, prepared and hand-sent issues, do not collide).
CREATE UNIQUE INDEX "newsletter_issue_newsletter_id_slot_at_key" ON "newsletter_issue"("newsletter_id", "slot_at");
CREATE INDEX "newsletter_issue_newsletter_id_status_idx" ON "newsletter_issue"("newsletter_id", "status");
ALTER TABLE "newsletter_issue" ADD CONSTRAINT "newsletter_issue_newsletter_id_fkey" FOREIGN KEY ("newsletter_id") REFERENCES "newsletter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "newsletter_issue" ADD CONSTRAINT "newsletter_issue_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "newsletter_issue" ADD CONSTRAINT "newsletter_issue_status_fields" CHECK ("status" <> 'sent' OR "campaign_id" IS NOT NULL OR "slot_at" IS NOT NULL);
