// API tokens for scripts and integrations: `Authorization: Bearer bst_…`. Shown once at
// creation; only the SHA-256 is stored. Each use is audited and stamps last_used_at.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { invalid, notFound } from "../errors.ts";
import type { ApiToken } from "../generated/prisma/client.ts";
import { withOrigin, type Actor, type Origin, type UserActor } from "./actor.ts";
import { authorize } from "./permissions.ts";
import { randomToken, sha256Hex } from "./secrets.ts";
import { actorForUser, findUserByEmail } from "./users.ts";

export type TokenDeps = Pick<Root, "db" | "clock">;

export const TOKEN_PREFIX = "bst_";

export interface ApiTokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const view = (t: ApiToken): ApiTokenView => ({
  id: t.id, userId: t.userId, name: t.name, createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null, lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

export async function createApiToken(
  deps: TokenDeps,
  actor: Actor,
  input: { userEmail: string; name?: string; expiresDays?: number },
): Promise<{ token: string; apiToken: ApiTokenView }> {
  authorize(actor, "tokens.manage");
  if (input.expiresDays !== undefined && (!Number.isInteger(input.expiresDays) || input.expiresDays < 1 || input.expiresDays > 3650)) {
    throw invalid("invalid expiry", [{ path: "expiresDays", message: "must be a whole number of days from 1 to 3650" }]);
  }
  const user = await findUserByEmail(deps, input.userEmail);
  if (user.disabledAt) throw invalid(`the user ${user.email} is disabled`);
  const now = deps.clock.now();
  const token = randomToken(TOKEN_PREFIX);
  const created = await deps.db.apiToken.create({
    data: {
      userId: user.id, name: input.name?.trim() || "api", tokenHash: sha256Hex(token), createdAt: now,
      expiresAt: input.expiresDays ? new Date(now.getTime() + input.expiresDays * 86_400_000) : null,
    },
  });
  await recordAudit(deps.db, actor, now, { action: "tokens.create", targetType: "api_token", targetId: created.id, details: { userId: user.id, expiresDays: input.expiresDays ?? null } });
  return { token, apiToken: view(created) };
}

export async function listApiTokens(deps: TokenDeps, actor: Actor, filter: { userId?: number } = {}): Promise<ApiTokenView[]> {
  authorize(actor, "tokens.manage");
  const tokens = await deps.db.apiToken.findMany({ where: filter.userId ? { userId: filter.userId } : {}, orderBy: { id: "asc" } });
  return tokens.map(view);
}

export async function revokeApiToken(deps: TokenDeps, actor: Actor, id: number): Promise<ApiTokenView> {
  authorize(actor, "tokens.manage");
  const existing = await deps.db.apiToken.findUnique({ where: { id } });
  if (!existing) throw notFound(`no API token with id ${id}`);
  const now = deps.clock.now();
  const revoked = existing.revokedAt ? existing : await deps.db.apiToken.update({ where: { id }, data: { revokedAt: now } });
  await recordAudit(deps.db, actor, now, { action: "tokens.revoke", targetType: "api_token", targetId: id });
  return view(revoked);
}

/** The actor behind a bearer token, or null (unknown, revoked, expired, user disabled). Audits the use. */
export async function authenticateToken(deps: TokenDeps, token: string, origin: Origin): Promise<UserActor | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const now = deps.clock.now();
  const found = await deps.db.apiToken.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { user: true } });
  if (!found || found.revokedAt || (found.expiresAt && found.expiresAt <= now) || found.user.disabledAt) return null;
  const actor = withOrigin(actorForUser(found.user), { ...origin, tokenId: found.id });
  // last_used_at is a hint for admins, written at most once a minute: a script's concurrent
  // requests would otherwise all queue on this one row's lock. The audit row is per use.
  const stale = !found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000;
  await Promise.all([
    stale ? deps.db.apiToken.updateMany({ where: { id: found.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] }, data: { lastUsedAt: now } }) : undefined,
    recordAudit(deps.db, actor, now, { action: "auth.token_use", targetType: "api_token", targetId: found.id }),
  ]);
  return actor;
}
