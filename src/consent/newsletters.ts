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

/**
 * The version of the subscription text a member sees (subscribe form, preference centre,
 * confirmation page and email). Recorded as the `basis` of the ledger's opt_in: change it
 * whenever that text changes in substance.
 */
export const NEWSLETTER_CONSENT_TEXT_VERSION = "newsletter-subscribe-2026-12";

/**
 * SQL condition: member `m` is a confirmed subscriber of the newsletter in parameter
 * `$<param>`, by the ledger's current state: an opt_in for that newsletter, and no later refusal
 * of it or of every newsletter (a refusal replaces the opt_in's state row of the same scope).
 * Objections, resignations and suppressions are left to the send-time decision, which records
 * them as skips with their reason. Served by consent_state_scope_key (member_id first).
 */
export function confirmedSubscriberSql(memberAlias: string, param: number): string {
  const m = memberAlias;
  return `(EXISTS (SELECT 1 FROM consent_state nl_in WHERE nl_in.member_id = ${m}.id AND nl_in.purpose = 'newsletter'
             AND nl_in.newsletter_id = $${param}::int AND nl_in.action = 'opt_in')
      AND NOT EXISTS (SELECT 1 FROM consent_state nl_out WHERE nl_out.member_id = ${m}.id AND nl_out.purpose = 'newsletter'
             AND nl_out.channel = 'all' AND COALESCE(nl_out.newsletter_id, $${param}::int) = $${param}::int AND nl_out.action <> 'opt_in'))`;
}

/** Confirmed subscribers per newsletter (the same rule as confirmedSubscriberSql), for the admin pages. */
export async function countSubscribers(db: Db, newsletterIds: readonly number[]): Promise<Map<number, number>> {
  if (newsletterIds.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<Array<{ id: number; n: number }>>(
    `SELECT s.newsletter_id AS id, count(DISTINCT s.member_id)::int AS n
     FROM consent_state s
     WHERE s.purpose = 'newsletter' AND s.action = 'opt_in' AND s.newsletter_id = ANY($1::int[])
       AND NOT EXISTS (SELECT 1 FROM consent_state o WHERE o.member_id = s.member_id AND o.purpose = 'newsletter'
             AND o.channel = 'all' AND COALESCE(o.newsletter_id, s.newsletter_id) = s.newsletter_id AND o.action <> 'opt_in')
     GROUP BY s.newsletter_id`,
    [...newsletterIds],
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}
