-- CreateEnum
CREATE TYPE "MemberStatus" AS ENUM ('active', 'student', 'apprentice', 'retired', 'unemployed', 'honorary', 'resigned');

-- CreateEnum
CREATE TYPE "Language" AS ENUM ('nb', 'nn', 'en');

-- CreateEnum
CREATE TYPE "Sector" AS ENUM ('state', 'spekter', 'virke', 'nho', 'other');

-- CreateTable
CREATE TABLE "county" (
    "number" CHAR(2) NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "county_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "municipality" (
    "number" CHAR(4) NOT NULL,
    "name" TEXT,
    "county_number" CHAR(2) NOT NULL,

    CONSTRAINT "municipality_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "member" (
    "id" SERIAL NOT NULL,
    "member_number" TEXT NOT NULL,
    "first_name" TEXT NOT NULL,
    "last_name" TEXT NOT NULL,
    "birth_date" DATE,
    "language" "Language" NOT NULL DEFAULT 'nb',
    "status" "MemberStatus" NOT NULL,
    "joined_on" DATE,
    "branch" TEXT,
    "email" TEXT,
    "email_invalid_at" TIMESTAMPTZ(3),
    "mobile" TEXT,
    "mobile_invalid_at" TIMESTAMPTZ(3),
    "address_line" TEXT,
    "postcode" CHAR(4),
    "city" TEXT,
    "country" CHAR(2) NOT NULL DEFAULT 'NO',
    "address_invalid_at" TIMESTAMPTZ(3),
    "municipality_number" CHAR(4),
    "county_number" CHAR(2),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "employment" (
    "id" SERIAL NOT NULL,
    "member_id" INTEGER NOT NULL,
    "is_primary" BOOLEAN NOT NULL DEFAULT true,
    "employer_org_number" CHAR(9),
    "employer_name" TEXT,
    "sector" "Sector",
    "agreement" TEXT,
    "workplace" TEXT,
    "position" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "employment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT,
    "entity_id" TEXT,
    "details" JSONB,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "municipality_county_number_idx" ON "municipality"("county_number");

-- CreateIndex
CREATE UNIQUE INDEX "member_member_number_key" ON "member"("member_number");

-- CreateIndex
CREATE INDEX "member_status_idx" ON "member"("status");

-- CreateIndex
CREATE INDEX "member_county_number_idx" ON "member"("county_number");

-- CreateIndex
CREATE INDEX "member_municipality_number_idx" ON "member"("municipality_number");

-- CreateIndex
CREATE INDEX "member_postcode_idx" ON "member"("postcode");

-- CreateIndex
CREATE INDEX "member_branch_idx" ON "member"("branch");

-- CreateIndex
CREATE INDEX "employment_member_id_idx" ON "employment"("member_id");

-- CreateIndex
CREATE INDEX "employment_sector_idx" ON "employment"("sector");

-- CreateIndex
CREATE INDEX "employment_agreement_idx" ON "employment"("agreement");

-- CreateIndex
CREATE INDEX "employment_employer_org_number_idx" ON "employment"("employer_org_number");

-- CreateIndex
CREATE INDEX "audit_log_entity_entity_id_idx" ON "audit_log"("entity", "entity_id");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "municipality" ADD CONSTRAINT "municipality_county_number_fkey" FOREIGN KEY ("county_number") REFERENCES "county"("number") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_municipality_number_fkey" FOREIGN KEY ("municipality_number") REFERENCES "municipality"("number") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "employment" ADD CONSTRAINT "employment_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one primary employment per member (Prisma cannot express partial indexes).
CREATE UNIQUE INDEX "employment_one_primary_per_member" ON "employment"("member_id") WHERE "is_primary";

-- Cheap guards against data that bypassed the importer's validation.
ALTER TABLE "municipality" ADD CONSTRAINT "municipality_number_format" CHECK ("number" ~ '^[0-9]{4}$' AND left("number", 2) = "county_number");
ALTER TABLE "member" ADD CONSTRAINT "member_county_matches_municipality" CHECK ("municipality_number" IS NULL OR left("municipality_number", 2) = "county_number");
ALTER TABLE "member" ADD CONSTRAINT "member_postcode_format" CHECK ("postcode" IS NULL OR "postcode" ~ '^[0-9]{4}$');
ALTER TABLE "member" ADD CONSTRAINT "member_mobile_e164" CHECK ("mobile" IS NULL OR "mobile" ~ '^\+[1-9][0-9]{6,14}$');
ALTER TABLE "employment" ADD CONSTRAINT "employment_org_number_format" CHECK ("employer_org_number" IS NULL OR "employer_org_number" ~ '^[0-9]{9}$');

-- The 15 counties from 1 January 2024 (SSB classification 104).
INSERT INTO "county" ("number", "name") VALUES
  ('03', 'Oslo'), ('11', 'Rogaland'), ('15', 'Møre og Romsdal'), ('18', 'Nordland'),
  ('31', 'Østfold'), ('32', 'Akershus'), ('33', 'Buskerud'), ('34', 'Innlandet'),
  ('39', 'Vestfold'), ('40', 'Telemark'), ('42', 'Agder'), ('46', 'Vestland'),
  ('50', 'Trøndelag'), ('55', 'Troms'), ('56', 'Finnmark');
