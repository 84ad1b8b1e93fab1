-- Closing a batch updates one open batch by its full key. With the open-batches index on
-- campaign_id alone, a planner without statistics for delivery_batch (filled by one INSERT …
-- SELECT at launch) chose it and filtered every open batch of the campaign, so the statement cost
-- grew with the campaign (about 1 ms per call at 1,000,000 members). With all three key columns
-- in the partial index, whichever index is chosen reads one entry; it still serves "the open
-- batches of a campaign" by its first column.
DROP INDEX "delivery_batch_open_idx";
CREATE INDEX "delivery_batch_open_idx" ON "delivery_batch"("campaign_id", "channel", "batch_no") WHERE "closed_at" IS NULL;
