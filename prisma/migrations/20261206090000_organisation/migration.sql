-- Organisation identity (issue 14): the union's name, logo, colour, address and contacts on
-- every message and member page. Settings are versions: each save inserts a row and the newest
-- is current, so a campaign can pin the version it launched with (campaign.organisation_profile_id)
-- and its messages never change when the settings do.
CREATE TABLE "organisation_logo" (
  "id" SERIAL PRIMARY KEY,
  "sha256" TEXT NOT NULL,
  -- What the admin uploaded (image/png or image/svg+xml), kept for download.
  "original_type" TEXT NOT NULL,
  "original" BYTEA NOT NULL,
  -- What emails, letters and member pages show: always a PNG (an SVG is rendered once, at upload).
  "png" BYTEA NOT NULL,
  "width" INTEGER NOT NULL,
  "height" INTEGER NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX "organisation_logo_sha256_key" ON "organisation_logo" ("sha256");

CREATE TABLE "organisation_profile" (
  "id" SERIAL PRIMARY KEY,
  "name" TEXT NOT NULL,
  "short_name" TEXT NOT NULL,
  "brand_colour" TEXT NOT NULL,
  "address_lines" TEXT[] DEFAULT ARRAY[]::TEXT[],
  "contact_email" TEXT,
  "contact_phone" TEXT,
  "org_number" TEXT,
  "privacy_url" TEXT,
  "logo_id" INTEGER REFERENCES "organisation_logo"("id") ON DELETE RESTRICT,
  -- Null when the first values came from the ORG_* environment.
  "created_by" INTEGER,
  "created_at" TIMESTAMPTZ(3) NOT NULL
);

ALTER TABLE "campaign" ADD COLUMN "organisation_profile_id" INTEGER REFERENCES "organisation_profile"("id") ON DELETE RESTRICT;

-- A template version compiled with one version of the identity (the email layout, the letter
-- head, the SMS sender name): made once, at save, preview or launch, and never changed.
CREATE TABLE "template_build" (
  "template_version_id" INTEGER NOT NULL REFERENCES "template_version"("id") ON DELETE CASCADE,
  "organisation_profile_id" INTEGER NOT NULL REFERENCES "organisation_profile"("id") ON DELETE RESTRICT,
  "compiled" JSONB NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  PRIMARY KEY ("template_version_id", "organisation_profile_id")
);

-- Art. 15 self-service: a link to "what we have sent you", sent to the address on file. Only
-- the hash of the token is kept; it works for this page only, until expires_at.
CREATE TABLE "member_history_link" (
  "id" SERIAL PRIMARY KEY,
  "member_id" INTEGER NOT NULL REFERENCES "member"("id") ON DELETE CASCADE,
  "token_hash" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  "expires_at" TIMESTAMPTZ(3) NOT NULL
);
CREATE UNIQUE INDEX "member_history_link_token_hash_key" ON "member_history_link" ("token_hash");
CREATE INDEX "member_history_link_member_id_idx" ON "member_history_link" ("member_id");
