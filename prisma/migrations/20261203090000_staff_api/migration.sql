-- Staff API: staff users, sessions, API tokens, an append-only audit trail and four-eyes approval.

-- New campaign states for four-eyes approval (not used in this migration, so safe in one transaction).
ALTER TYPE "CampaignState" ADD VALUE 'awaiting_approval';
ALTER TYPE "CampaignState" ADD VALUE 'approved';
ALTER TYPE "CampaignState" ADD VALUE 'needs_reapproval';

CREATE TYPE "StaffRole" AS ENUM ('admin', 'communicator', 'approver', 'viewer', 'steward');

CREATE TABLE "staff_user" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "scope_employers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scope_branches" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "password_hash" TEXT,
    "setup_token_hash" TEXT,
    "setup_expires_at" TIMESTAMPTZ(3),
    "totp_secret" TEXT,
    "totp_enabled_at" TIMESTAMPTZ(3),
    "disabled_at" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "staff_user_pkey" PRIMARY KEY ("id"),
    -- Emails are kept lower-case, so the unique index is case-insensitive in effect.
    CONSTRAINT "staff_user_email_lower" CHECK ("email" = lower("email"))
);
CREATE UNIQUE INDEX "staff_user_email_key" ON "staff_user"("email");
CREATE UNIQUE INDEX "staff_user_setup_token_hash_key" ON "staff_user"("setup_token_hash");

CREATE TABLE "staff_session" (
    "id" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "must_enrol_totp" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "client_ip" TEXT,
    CONSTRAINT "staff_session_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "staff_session_user_id_idx" ON "staff_session"("user_id");
ALTER TABLE "staff_session" ADD CONSTRAINT "staff_session_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "api_token" (
    "id" SERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),
    "last_used_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"("token_hash");
CREATE INDEX "api_token_user_id_idx" ON "api_token"("user_id");
ALTER TABLE "api_token" ADD CONSTRAINT "api_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "staff_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit trail: who, from where, in which request.
ALTER TABLE "audit_log" ADD COLUMN "actor_id" INTEGER,
    ADD COLUMN "request_id" TEXT,
    ADD COLUMN "client_ip" TEXT;
-- Login rate limits count recent failures by action; the audit screen filters by actor.
CREATE INDEX "audit_log_action_at_idx" ON "audit_log"("action", "at");
CREATE INDEX "audit_log_actor_id_at_idx" ON "audit_log"("actor_id", "at");

CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
CREATE TRIGGER "audit_log_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
-- TRUNCATE bypasses row triggers; refuse it too (tests reset the database by recreating it).
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();

-- Four-eyes approval on campaigns.
ALTER TABLE "campaign" ADD COLUMN "created_by" INTEGER,
    ADD COLUMN "audience_scope" JSONB,
    ADD COLUMN "approval_reasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "submitted_count" INTEGER,
    ADD COLUMN "approved_by" INTEGER,
    ADD COLUMN "approved_at" TIMESTAMPTZ(3),
    ADD COLUMN "approved_count" INTEGER,
    ADD COLUMN "approved_template_version_id" INTEGER,
    ADD COLUMN "approved_segment_version_id" INTEGER,
    ADD COLUMN "approved_rules" JSONB,
    ADD COLUMN "drift_count" INTEGER,
    ADD COLUMN "review_comment" TEXT;
