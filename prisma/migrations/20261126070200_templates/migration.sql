-- CreateTable
CREATE TABLE "template" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "latest_version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_version" (
    "id" SERIAL NOT NULL,
    "template_id" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "source" JSONB NOT NULL,
    "compiled" JSONB NOT NULL,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_version_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "template_version_template_id_version_key" ON "template_version"("template_id", "version");

-- AddForeignKey
ALTER TABLE "template_version" ADD CONSTRAINT "template_version_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: closed vocabularies and invariants Prisma cannot express.
-- Purposes as in src/consent/purposes.ts (same list as consent_event_purpose_check, minus 'all').
ALTER TABLE "template" ADD CONSTRAINT "template_purpose_check" CHECK ("purpose" IN ('service', 'bargaining', 'information', 'campaign', 'survey', 'course', 'newsletter'));
ALTER TABLE "template_version" ADD CONSTRAINT "template_version_purpose_check" CHECK ("purpose" IN ('service', 'bargaining', 'information', 'campaign', 'survey', 'course', 'newsletter'));
ALTER TABLE "template_version" ADD CONSTRAINT "template_version_version_positive" CHECK ("version" >= 1);

-- Versions are immutable: campaigns pin them and workers cache them per process.
CREATE FUNCTION "template_version_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'template versions are immutable (template_version %)', OLD."id";
END;
$$;
CREATE TRIGGER "template_version_no_update" BEFORE UPDATE ON "template_version"
  FOR EACH ROW EXECUTE FUNCTION "template_version_immutable"();
