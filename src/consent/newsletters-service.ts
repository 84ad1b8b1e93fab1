// Newsletters for an actor: list, create, rename. Audited. The slug is part of public links
// and preference pages, so it is fixed at creation; only the name changes.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { conflict, invalid, notFound, type Issue } from "../errors.ts";
import type { Newsletter as NewsletterRow } from "../generated/prisma/client.ts";

export interface NewsletterView {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
}

export const NEWSLETTER_SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;

const view = (n: NewsletterRow): NewsletterView => ({ id: n.id, slug: n.slug, name: n.name, createdAt: n.createdAt.toISOString() });

function checkName(name: string, issues: Issue[]): string {
  const trimmed = name.trim();
  if (!trimmed) issues.push({ path: "name", message: "must not be empty" });
  else if (trimmed.length > 200) issues.push({ path: "name", message: "must be at most 200 characters" });
  return trimmed;
}

export async function listNewslettersFor(deps: Pick<Root, "db">, actor: Actor): Promise<NewsletterView[]> {
  authorize(actor, "newsletters.read");
  const rows = await deps.db.newsletter.findMany({ orderBy: { id: "asc" } });
  return rows.map(view);
}

/**
 * Creates a newsletter. A slug in use is a conflict, unless `renameExisting` (the CLI's
 * `newsletters add`, which creates or renames) is set: then that newsletter gets the name.
 */
export async function createNewsletterFor(
  deps: Pick<Root, "db" | "clock">,
  actor: Actor,
  input: { slug: string; name: string },
  options: { renameExisting?: boolean } = {},
): Promise<{ newsletter: NewsletterView; created: boolean }> {
  authorize(actor, "newsletters.write");
  const issues: Issue[] = [];
  if (!NEWSLETTER_SLUG.test(input.slug)) issues.push({ path: "slug", message: "must be 1-40 lowercase letters, digits or '-', starting with a letter or digit" });
  const name = checkName(input.name, issues);
  if (issues.length > 0) throw invalid("invalid newsletter", issues);
  const now = deps.clock.now();
  const save = () => deps.db.$transaction(async (tx) => {
    const existing = await tx.newsletter.findUnique({ where: { slug: input.slug } });
    if (existing && !options.renameExisting) throw conflict(`a newsletter with slug ${input.slug} exists already (id ${existing.id})`, [{ path: "slug", message: "is taken" }]);
    if (existing) {
      const renamed = await tx.newsletter.update({ where: { id: existing.id }, data: { name } });
      await recordAudit(tx, actor, now, { action: "newsletters.rename", targetType: "newsletter", targetId: existing.id, details: { slug: existing.slug } });
      return { newsletter: view(renamed), created: false };
    }
    const created = await tx.newsletter.create({ data: { slug: input.slug, name, createdAt: now } });
    await recordAudit(tx, actor, now, { action: "newsletters.create", targetType: "newsletter", targetId: created.id, details: { slug: created.slug } });
    return { newsletter: view(created), created: true };
  });
  try {
    return await save();
  } catch (error) {
    // Someone created the same slug between our check and our insert.
    if ((error as { code?: unknown }).code !== "P2002") throw error;
    if (options.renameExisting) return save();
    throw conflict(`a newsletter with slug ${input.slug} exists already`, [{ path: "slug", message: "is taken" }]);
  }
}

export async function renameNewsletterFor(deps: Pick<Root, "db" | "clock">, actor: Actor, id: number, input: { name: string }): Promise<NewsletterView> {
  authorize(actor, "newsletters.write");
  const issues: Issue[] = [];
  const name = checkName(input.name, issues);
  if (issues.length > 0) throw invalid("invalid newsletter", issues);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.newsletter.findUnique({ where: { id } });
    if (!existing) throw notFound(`no newsletter with id ${id}`);
    const renamed = await tx.newsletter.update({ where: { id }, data: { name } });
    await recordAudit(tx, actor, now, { action: "newsletters.rename", targetType: "newsletter", targetId: id, details: { slug: existing.slug } });
    return view(renamed);
  });
}
