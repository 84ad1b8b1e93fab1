-- Consent (issue 4): ledger, derived current state, suppressions, newsletters, erasure.
-- Written by hand in Prisma's style (prisma migrate diff printed nothing on this machine).

-- CreateEnum
CREATE TYPE "ConsentAction" AS ENUM ('opt_in', 'opt_out', 'objection', 'withdrawal');

-- CreateEnum
CREATE TYPE "ConsentSource" AS ENUM ('unsubscribe_link', 'one_click', 'preference_centre', 'sms_stop', 'staff', 'import');

-- CreateEnum
CREATE TYPE "SuppressionReason" AS ENUM ('hard_bounce', 'complaint', 'invalid', 'sms_stop', 'manual');

-- CreateTable
CREATE TABLE "newsletter" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "newsletter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_event" (
    "id" BIGSERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "newsletter_id" INTEGER,
    "action" "ConsentAction" NOT NULL,
    "source" "ConsentSource" NOT NULL,
    "actor" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "basis" TEXT,
    "campaign_id" INTEGER,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_state" (
    "member_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "newsletter_id" INTEGER,
    "action" "ConsentAction" NOT NULL,
    "event_id" BIGINT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "id" BIGSERIAL NOT NULL,

    CONSTRAINT "consent_state_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "suppression" (
    "id" BIGSERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "address_hash" TEXT NOT NULL,
    "reason" "SuppressionReason" NOT NULL,
    "source" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "lifted_at" TIMESTAMPTZ(3),
    "lift_reason" TEXT,

    CONSTRAINT "suppression_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "erased_member" (
    "member_id" INTEGER NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "erased_member_pkey" PRIMARY KEY ("member_id")
);

-- CreateTable
CREATE TABLE "consent_tombstone" (
    "member_number_hash" TEXT NOT NULL,
    "restrictions" JSONB NOT NULL,
    "erased_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "consent_tombstone_pkey" PRIMARY KEY ("member_number_hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "newsletter_slug_key" ON "newsletter"("slug");

-- CreateIndex
CREATE INDEX "consent_event_member_id_at_idx" ON "consent_event"("member_id", "at");

-- CreateIndex
CREATE INDEX "consent_state_member_id_idx" ON "consent_state"("member_id");

-- CreateIndex
CREATE INDEX "suppression_channel_address_hash_idx" ON "suppression"("channel", "address_hash");

-- ───── Hand-written extras (Prisma cannot express these) ─────

-- One current-state row per member × scope; newsletter_id is null outside the newsletter
-- purpose, so the key uses COALESCE (ON CONFLICT names the same expression).
CREATE UNIQUE INDEX "consent_state_scope_key" ON "consent_state"("member_id", "purpose", "channel", (COALESCE("newsletter_id", 0)));

-- At most one active suppression per channel × address; decisions probe it with ANY($hashes).
CREATE UNIQUE INDEX "suppression_active_key" ON "suppression"("channel", "address_hash") WHERE "lifted_at" IS NULL;

-- Closed vocabularies ('all' = every purpose / every channel but for `service`).
ALTER TABLE "consent_event" ADD CONSTRAINT "consent_event_purpose_check" CHECK ("purpose" IN ('all', 'service', 'bargaining', 'information', 'campaign', 'survey', 'course', 'newsletter'));
ALTER TABLE "consent_event" ADD CONSTRAINT "consent_event_channel_check" CHECK ("channel" IN ('all', 'email', 'sms', 'letter'));
ALTER TABLE "consent_event" ADD CONSTRAINT "consent_event_newsletter_scope" CHECK ("newsletter_id" IS NULL OR "purpose" = 'newsletter');
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_purpose_check" CHECK ("purpose" IN ('all', 'service', 'bargaining', 'information', 'campaign', 'survey', 'course', 'newsletter'));
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_channel_check" CHECK ("channel" IN ('all', 'email', 'sms', 'letter'));
ALTER TABLE "suppression" ADD CONSTRAINT "suppression_channel_check" CHECK ("channel" IN ('email', 'sms'));

-- Foreign keys kept out of the Prisma schema so Member needs no back-relations. The ledger
-- deliberately has none to member (history outlives erasure).
ALTER TABLE "consent_event" ADD CONSTRAINT "consent_event_newsletter_id_fkey" FOREIGN KEY ("newsletter_id") REFERENCES "newsletter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_newsletter_id_fkey" FOREIGN KEY ("newsletter_id") REFERENCES "newsletter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "consent_state" ADD CONSTRAINT "consent_state_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "consent_event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "erased_member" ADD CONSTRAINT "erased_member_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- History is never edited: the ledger refuses UPDATE and DELETE (TRUNCATE stays possible
-- for administrators who drop a test database's data).
CREATE FUNCTION "consent_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'consent_event is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "consent_event_no_update_delete" BEFORE UPDATE OR DELETE ON "consent_event"
  FOR EACH ROW EXECUTE FUNCTION "consent_event_append_only"();
