#!/usr/bin/env bash
# Checks that prisma/schema.prisma and prisma/migrations describe the same database: the tables,
# columns (type, nullability, default), indexes and foreign keys that Prisma would create from
# the schema must all be created by the migrations. Migrations may add more (CHECKs, partial
# indexes, triggers, seed rows), which Prisma cannot express.
# Works with the WebAssembly schema engine too: it only diffs against an EMPTY database there.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/budstikke}"
base="${base%/*}"
from_schema="budstikke_check_schema_$$"
from_migrations="budstikke_check_migrations_$$"
cleanup() { for db in "$from_schema" "$from_migrations"; do psql -q "$base/postgres" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
psql -q "$base/postgres" -c "CREATE DATABASE \"$from_schema\"" -c "CREATE DATABASE \"$from_migrations\""

sql=$(mktemp)
for attempt in 1 2 3 4 5; do
  if DATABASE_URL="$base/$from_schema" node scripts/prisma.mjs migrate diff --from-config-datasource \
       --to-schema prisma/schema.prisma --script >"$sql" 2>/dev/null && [ -s "$sql" ]; then break; fi
  [ "$attempt" = 5 ] && { echo "prisma migrate diff failed" >&2; exit 1; }
done
psql -q -v ON_ERROR_STOP=1 "$base/$from_schema" -f "$sql" >/dev/null
DATABASE_URL="$base/$from_migrations" npm run -s cli -- db migrate >/dev/null

describe() {
  psql -XAt "$base/$1" <<'SQL'
SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '-')
  FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
UNION ALL
SELECT 'index ' || indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
UNION ALL
SELECT 'fkey ' || conname FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace
UNION ALL
SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname
ORDER BY 1;
SQL
}
missing=$(comm -23 <(describe "$from_schema") <(describe "$from_migrations"))
if [ -n "$missing" ]; then
  echo "The migrations do not create what prisma/schema.prisma describes; missing or different:" >&2
  echo "$missing" >&2
  echo "(column lines show what the schema expects; compare with the migration SQL)" >&2
  exit 1
fi
# Columns must also not exist only in the migrations (a model field forgotten in the schema).
extra=$(comm -13 <(describe "$from_schema" | grep '^column') <(describe "$from_migrations" | grep '^column'))
if [ -n "$extra" ]; then
  echo "Columns created by migrations but absent from prisma/schema.prisma:" >&2
  echo "$extra" >&2
  exit 1
fi
echo "schema.prisma and migrations agree ($(describe "$from_migrations" | wc -l) objects checked)"
