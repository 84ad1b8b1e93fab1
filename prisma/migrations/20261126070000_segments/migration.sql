-- CreateTable
CREATE TABLE "segment" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_version" (
    "id" SERIAL NOT NULL,
    "segment_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "rules" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "segment_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_snapshot" (
    "id" SERIAL NOT NULL,
    "segment_version_id" INTEGER,
    "rules" JSONB NOT NULL,
    "evaluated_on" DATE NOT NULL,
    "taken_at" TIMESTAMPTZ(3) NOT NULL,
    "member_count" INTEGER NOT NULL,

    CONSTRAINT "segment_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segment_snapshot_recipient" (
    "snapshot_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,

    CONSTRAINT "segment_snapshot_recipient_pkey" PRIMARY KEY ("snapshot_id","member_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "segment_version_segment_id_version_key" ON "segment_version"("segment_id", "version");

-- CreateIndex
CREATE INDEX "segment_snapshot_segment_version_id_idx" ON "segment_snapshot"("segment_version_id");

-- AddForeignKey
ALTER TABLE "segment_version" ADD CONSTRAINT "segment_version_segment_id_fkey" FOREIGN KEY ("segment_id") REFERENCES "segment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_snapshot" ADD CONSTRAINT "segment_snapshot_segment_version_id_fkey" FOREIGN KEY ("segment_version_id") REFERENCES "segment_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segment_snapshot_recipient" ADD CONSTRAINT "segment_snapshot_recipient_snapshot_id_fkey" FOREIGN KEY ("snapshot_id") REFERENCES "segment_snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ───── Hand-written (not expressible in Prisma) ─────

-- A snapshot's count is what it recorded; a version number counts from 1.
ALTER TABLE "segment_snapshot" ADD CONSTRAINT "segment_snapshot_member_count_nonnegative" CHECK ("member_count" >= 0);
ALTER TABLE "segment_version" ADD CONSTRAINT "segment_version_version_positive" CHECK ("version" >= 1);

-- Indexes for segment counts (measured on 1M generated members, see `npm run bench:segments`).
-- Covering, so the typical "status + county" and "primary employment sector/agreement" filters
-- are index-only scans feeding one hash join, instead of heap scans of both tables.
CREATE INDEX "member_segment_county_status_idx" ON "member"("county_number", "status") INCLUDE ("id");
CREATE INDEX "employment_primary_sector_idx" ON "employment"("sector", "member_id") WHERE "is_primary";
CREATE INDEX "employment_primary_agreement_idx" ON "employment"("agreement", "member_id") WHERE "is_primary";
