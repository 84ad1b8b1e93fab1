-- Per-member merge data and uploaded audiences: a campaign may carry a CSV of per-member values
-- (templates read them as merge.<column>), and its audience may be an uploaded list of member
-- numbers. Both are kept only until the campaign completes or is cancelled.
ALTER TABLE "campaign"
    ADD COLUMN "merge_columns" TEXT[] DEFAULT ARRAY[]::TEXT[],
    ADD COLUMN "audience_list" BOOLEAN NOT NULL DEFAULT false;

-- The primary key serves every statement: the send path's lookups (campaign_id, member_id =
-- ANY(...)), the replacement of an upload and its deletion (campaign_id prefix).
CREATE TABLE "campaign_merge_row" (
    "campaign_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    CONSTRAINT "campaign_merge_row_pkey" PRIMARY KEY ("campaign_id", "member_id")
);

CREATE TABLE "campaign_list_member" (
    "campaign_id" INTEGER NOT NULL,
    "member_id" INTEGER NOT NULL,
    CONSTRAINT "campaign_list_member_pkey" PRIMARY KEY ("campaign_id", "member_id")
);
