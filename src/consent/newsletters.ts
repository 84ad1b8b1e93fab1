// Named newsletters. The `newsletter` purpose is opt-in: only a subscription recorded in the
// ledger (action opt_in, purpose newsletter, newsletter id) lets a newsletter be sent.
import type { Db } from "../db/client.ts";

export interface Newsletter {
  id: number;
  slug: string;
  name: string;
}

export async function createNewsletter(db: Db, input: { slug: string; name: string }): Promise<Newsletter> {
  const row = await db.newsletter.upsert({
    where: { slug: input.slug },
    create: { slug: input.slug, name: input.name },
    update: { name: input.name },
  });
  return { id: row.id, slug: row.slug, name: row.name };
}

export async function listNewsletters(db: Db): Promise<Newsletter[]> {
  const rows = await db.newsletter.findMany({ orderBy: { id: "asc" } });
  return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name }));
}
