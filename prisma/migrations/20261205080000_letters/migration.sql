-- Letters as a batch channel (issue 13): each letter is rendered to its own PDF (letter_piece),
-- and a campaign's letters are collated into print batches ordered by postcode. Channel
-- fallback: a campaign may send one message per member on the first channel that works.
ALTER TYPE "DeliveryStatus" ADD VALUE IF NOT EXISTS 'rendered';

CREATE TYPE "ChannelMode" AS ENUM ('all', 'first_available');
ALTER TABLE "campaign" ADD COLUMN "channel_mode" "ChannelMode" NOT NULL DEFAULT 'all';

CREATE TYPE "PrintBatchStatus" AS ENUM ('ready', 'handed_over');

CREATE TABLE "print_batch" (
  "id" SERIAL PRIMARY KEY,
  "campaign_id" INTEGER NOT NULL,
  "number" INTEGER NOT NULL,
  "status" "PrintBatchStatus" NOT NULL DEFAULT 'ready',
  "letters" INTEGER NOT NULL,
  "pages" INTEGER NOT NULL,
  "sheets" INTEGER NOT NULL,
  "pdf_file" TEXT NOT NULL,
  "manifest_file" TEXT NOT NULL,
  "zip_file" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  "handed_over_on" DATE,
  "handed_over_by" TEXT,
  "files_deleted_at" TIMESTAMPTZ(3)
);
CREATE UNIQUE INDEX "print_batch_campaign_id_number_key" ON "print_batch" ("campaign_id", "number");

CREATE TABLE "letter_piece" (
  "delivery_id" BIGINT PRIMARY KEY,
  "campaign_id" INTEGER NOT NULL,
  "member_id" INTEGER NOT NULL,
  "pages" INTEGER NOT NULL,
  "sheets" INTEGER NOT NULL,
  "postcode" CHAR(4),
  "file" TEXT,
  "print_batch_id" INTEGER,
  "sequence" INTEGER,
  "rendered_at" TIMESTAMPTZ(3) NOT NULL
);
-- The collation reads a campaign's pieces not yet in a batch (print_batch_id IS NULL).
CREATE INDEX "letter_piece_campaign_id_print_batch_id_idx" ON "letter_piece" ("campaign_id", "print_batch_id");
