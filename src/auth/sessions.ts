// Browser sessions, stored server-side so they can be revoked: the cookie holds a random token,
// the table its SHA-256. A session ends after SESSION_IDLE_MINUTES without a request, after
// SESSION_MAX_HOURS in any case, at logout, and when the user is disabled or changes role.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { DomainError } from "../errors.ts";
import type { StaffSession, StaffUser } from "../generated/prisma/client.ts";
import { withOrigin, type Origin, type UserActor } from "./actor.ts";
import { verifyPassword } from "./passwords.ts";
import { randomToken, sha256Hex } from "./secrets.ts";
import { verifyTotp } from "./totp.ts";
import { actorForUser, normaliseEmail, userView, type StaffUserView } from "./users.ts";

export type SessionDeps = Pick<Root, "db" | "clock" | "config">;

/** Said for every wrong email, password, code or disabled account alike. */
const LOGIN_FAILED = "wrong email, password or code";

export interface LoginInput {
  email: string;
  password: string;
  /** The current TOTP code, required once the user has enrolled. */
  totp?: string;
}

export interface LoginResult {
  /** Goes into the session cookie; never stored. */
  sessionToken: string;
  /** Send back in X-CSRF-Token on mutations (or rely on a checked Origin header). */
  csrfToken: string;
  user: StaffUserView;
  /** The role requires TOTP and the user has not enrolled: only enrolment, me and logout work until then. */
  mustEnrolTotp: boolean;
  expiresAt: string;
}

export async function login(deps: SessionDeps, input: LoginInput, origin: Origin): Promise<LoginResult> {
  const now = deps.clock.now();
  const email = normaliseEmail(input.email);
  const accountKey = sha256Hex(email);
  await checkLoginRate(deps, accountKey, origin.clientIp, now);
  const user = await deps.db.staffUser.findUnique({ where: { email } });
  const passwordOk = await verifyPassword(user?.passwordHash ?? null, input.password);
  const fail = async (why: string) => {
    // The account is recorded by a hash of the email typed: a mistyped address is not stored.
    await recordAudit(deps.db, { kind: "system", name: "login", origin }, now, {
      action: "auth.login_failed", targetType: "login", targetId: accountKey, details: { why, ...(user ? { userId: user.id } : {}) },
    });
    return new DomainError("unauthenticated", LOGIN_FAILED);
  };
  if (!user || !passwordOk) throw await fail(user ? "password" : "unknown_email");
  if (user.disabledAt) throw await fail("disabled");
  if (user.totpEnabledAt && user.totpSecret) {
    if (!input.totp) throw new DomainError("unauthenticated", "a TOTP code is required for this account", [{ path: "totp", message: "required" }]);
    if (!(await verifyTotp(user.totpSecret, input.totp, deps.clock))) throw await fail("totp");
  }
  const mustEnrolTotp = deps.config.REQUIRE_2FA_FOR.includes(user.role) && !user.totpEnabledAt;
  const sessionToken = randomToken();
  const csrfToken = randomToken();
  await deps.db.$transaction(async (tx) => {
    await tx.staffSession.create({
      data: { id: sha256Hex(sessionToken), userId: user.id, csrfToken, mustEnrolTotp, createdAt: now, lastSeenAt: now, clientIp: origin.clientIp ?? null },
    });
    await tx.staffUser.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    await recordAudit(tx, withOrigin(actorForUser(user), origin), now, { action: "auth.login", targetType: "staff_user", targetId: user.id, details: { mustEnrolTotp } });
  });
  return { sessionToken, csrfToken, user: userView(user), mustEnrolTotp, expiresAt: new Date(now.getTime() + deps.config.SESSION_MAX_HOURS * 3600_000).toISOString() };
}

/** Too many recent failures for this account or this address: refuse before checking anything. */
async function checkLoginRate(deps: SessionDeps, accountKey: string, clientIp: string | undefined, now: Date): Promise<void> {
  const since = new Date(now.getTime() - deps.config.LOGIN_WINDOW_MINUTES * 60_000);
  const [byAccount, byIp] = await Promise.all([
    deps.db.auditLog.count({ where: { action: "auth.login_failed", entity: "login", entityId: accountKey, at: { gt: since } } }),
    clientIp ? deps.db.auditLog.count({ where: { action: "auth.login_failed", clientIp, at: { gt: since } } }) : 0,
  ]);
  if (byAccount >= deps.config.LOGIN_MAX_FAILURES_PER_ACCOUNT || byIp >= deps.config.LOGIN_MAX_FAILURES_PER_IP) {
    throw new DomainError("rate_limited", `too many failed logins: try again in ${deps.config.LOGIN_WINDOW_MINUTES} minutes`);
  }
}

export interface AuthenticatedSession {
  actor: UserActor;
  user: StaffUser;
  session: StaffSession;
}

/** The live session for a cookie token, or null (unknown, revoked, idle too long, too old, user disabled). */
export async function authenticateSession(deps: SessionDeps, token: string): Promise<AuthenticatedSession | null> {
  if (!token) return null;
  const now = deps.clock.now();
  const session = await deps.db.staffSession.findUnique({ where: { id: sha256Hex(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.user.disabledAt) return null;
  const idleMs = deps.config.SESSION_IDLE_MINUTES * 60_000;
  const maxMs = deps.config.SESSION_MAX_HOURS * 3600_000;
  if (now.getTime() - session.lastSeenAt.getTime() > idleMs || now.getTime() - session.createdAt.getTime() > maxMs) return null;
  // Written at most once a minute: a busy screen must not turn every read into a write.
  if (now.getTime() - session.lastSeenAt.getTime() > 60_000) {
    await deps.db.staffSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const { user, ...rest } = session;
  return { actor: actorForUser(user), user, session: rest };
}

export async function logout(deps: SessionDeps, actor: UserActor, sessionId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.staffSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now } });
  await recordAudit(deps.db, actor, now, { action: "auth.logout", targetType: "staff_user", targetId: actor.id });
}
