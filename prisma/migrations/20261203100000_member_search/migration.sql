-- Member search (GET /api/v1/members?q=…, src/members/search.ts). Each word of a query must match
-- a member's name or email (substring), member number (prefix), an employer (name substring or
-- organisation number) or the municipality (name substring or number). Substrings need trigram
-- indexes; the query's expressions must be written exactly as these index expressions. Pages
-- are in member-number order, read off the existing unique index member_member_number_key.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One index over name and email together: one bitmap scan per token instead of two, and one
-- GIN index less to maintain on import. A token that spans name and email is a harmless match.
CREATE INDEX "member_search_text_trgm_idx" ON "member"
  USING gin (lower("first_name" || ' ' || "last_name" || ' ' || coalesce("email", '')) gin_trgm_ops);

-- Member-number prefixes: the database collation (C.UTF-8) is not "C", so LIKE 'x%' cannot use
-- the unique index; text_pattern_ops compares bytes and can.
CREATE INDEX "member_number_pattern_idx" ON "member" ("member_number" text_pattern_ops);

CREATE INDEX "employment_employer_name_trgm_idx" ON "employment" USING gin (lower("employer_name") gin_trgm_ops);
