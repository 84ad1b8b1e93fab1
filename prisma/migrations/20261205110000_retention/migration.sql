-- Retention (issue 13): per-member delivery records, provider events, print files and audit
-- entries do not live forever. A campaign that ended RETENTION_DELIVERIES_DAYS ago is reduced to
-- counts (delivery_aggregate, provider_event_aggregate) and marked, then its per-member rows are
-- deleted in bounded chunks (src/retention/). Suppressions and the consent ledger are never touched.
ALTER TABLE "campaign" ADD COLUMN "deliveries_reduced_at" TIMESTAMPTZ(3);

CREATE TABLE "delivery_aggregate" (
  "id" BIGSERIAL PRIMARY KEY,
  "campaign_id" INTEGER NOT NULL,
  "channel" TEXT NOT NULL,
  "status" "DeliveryStatus" NOT NULL,
  "reason" TEXT,
  "count" INTEGER NOT NULL
);
-- A reduced campaign's status reads its counts by campaign.
CREATE INDEX "delivery_aggregate_campaign_id_idx" ON "delivery_aggregate" ("campaign_id");
ALTER TABLE "delivery_aggregate" ADD CONSTRAINT "delivery_aggregate_campaign_id_fkey"
  FOREIGN KEY ("campaign_id") REFERENCES "campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "provider_event_aggregate" (
  "id" BIGSERIAL PRIMARY KEY,
  -- Null for events that named no campaign (summed per deleted chunk).
  "campaign_id" INTEGER,
  "channel" TEXT NOT NULL,
  "kind" TEXT NOT NULL,
  "count" INTEGER NOT NULL,
  "first_at" TIMESTAMPTZ(3) NOT NULL,
  "last_at" TIMESTAMPTZ(3) NOT NULL,
  "reduced_at" TIMESTAMPTZ(3) NOT NULL
);
-- A reduced campaign's complaint count.
CREATE INDEX "provider_event_aggregate_campaign_id_kind_idx" ON "provider_event_aggregate" ("campaign_id", "kind");

-- Retention deletes a chunk of deliveries with their status reports; the only index on
-- delivery_id so far covers unapplied reports, so without this each chunk would scan the table.
CREATE INDEX "delivery_report_delivery_id_idx" ON "delivery_report" ("delivery_id");

-- The audit trail stays append-only, with one exception: retention may delete entries older than
-- the cutoff its own transaction declares with
--   SELECT set_config('budstikke.audit_retention_cutoff', '<timestamptz>', true)
-- (transaction-local, so it ends with that transaction). Any UPDATE, any DELETE of a newer entry
-- or without the setting, and TRUNCATE are still refused.
CREATE OR REPLACE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cutoff TEXT;
BEGIN
  IF TG_OP = 'DELETE' THEN
    cutoff := current_setting('budstikke.audit_retention_cutoff', true);
    IF cutoff IS NOT NULL AND cutoff <> '' AND OLD."at" < cutoff::timestamptz THEN
      RETURN OLD;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END;
$$;
