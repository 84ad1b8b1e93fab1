// Staff users: who may log in, with which role and (for stewards) which scope. Admins (and
// the operator's CLI) manage them; every change is audited, and disabling a user ends their
// sessions and tokens at once.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { conflict, invalid, notFound } from "../errors.ts";
import type { StaffUser } from "../generated/prisma/client.ts";
import { checkOrgNumber } from "../members/fields.ts";
import { ROLES, type Actor, type Role, type Scope } from "./actor.ts";
import { hashPassword } from "./passwords.ts";
import { authorize } from "./permissions.ts";
import { randomToken, sha256Hex } from "./secrets.ts";

export type UserDeps = Pick<Root, "db" | "clock" | "config">;

export interface StaffUserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  scope: Scope;
  disabled: boolean;
  totpEnabled: boolean;
  /** Set while the user has no password yet (invited by a setup link). */
  pendingSetup: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export function userView(user: StaffUser): StaffUserView {
  return {
    id: user.id, email: user.email, name: user.name, role: user.role,
    scope: { employers: user.scopeEmployers, branches: user.scopeBranches },
    disabled: user.disabledAt !== null, totpEnabled: user.totpEnabledAt !== null, pendingSetup: user.passwordHash === null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null, createdAt: user.createdAt.toISOString(),
  };
}

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  employers?: string[];
  branches?: string[];
  /** Either a password, or nothing and a setup link is made. */
  password?: string;
}

/** A setup link is valid this long. */
export const SETUP_LINK_HOURS = 72;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw invalid(`unknown role "${role}"`, [{ path: "role", message: `must be one of ${ROLES.join(", ")}` }]);
  return role as Role;
}

/** Validates a scope for a role: stewards need at least one employer or branch; others have none. */
export function checkScope(role: Role, employers: string[] = [], branches: string[] = []): Scope {
  const issues = employers.flatMap((org, i) => {
    const checked = checkOrgNumber(org.replace(/\s/g, ""));
    return checked.ok ? [] : [{ path: `scope.employers[${i}]`, message: `${org}: ${checked.error}` }];
  });
  branches.forEach((b, i) => {
    if (!/^\S{1,40}$/.test(b)) issues.push({ path: `scope.branches[${i}]`, message: "must be a branch code without spaces (at most 40 characters)" });
  });
  if (issues.length > 0) throw invalid("invalid scope", issues);
  const scope = { employers: [...new Set(employers.map((o) => o.replace(/\s/g, "")))], branches: [...new Set(branches)] };
  if (role === "steward" && scope.employers.length === 0 && scope.branches.length === 0) {
    throw invalid("a steward needs a scope: at least one employer organisation number or branch", [{ path: "scope", message: "give at least one employer or branch" }]);
  }
  if (role !== "steward" && (scope.employers.length > 0 || scope.branches.length > 0)) {
    throw invalid(`only stewards have a scope; a ${role} reaches every member`, [{ path: "scope", message: "only for role steward" }]);
  }
  return scope;
}

export async function createUser(deps: UserDeps, actor: Actor, input: CreateUserInput): Promise<{ user: StaffUserView; setupLink?: string }> {
  authorize(actor, "users.manage");
  const email = normaliseEmail(input.email);
  const issues = [];
  if (!EMAIL.test(email)) issues.push({ path: "email", message: "must be an email address" });
  if (!input.name.trim()) issues.push({ path: "name", message: "must not be empty" });
  if (issues.length > 0) throw invalid("invalid user", issues);
  const role = checkRole(input.role);
  const scope = checkScope(role, input.employers, input.branches);
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const setupToken = passwordHash === null ? randomToken() : undefined;
  const now = deps.clock.now();
  const user = await deps.db.$transaction(async (tx) => {
    if (await tx.staffUser.findUnique({ where: { email } })) throw conflict(`a user with email ${email} exists already`, [{ path: "email", message: "is taken" }]);
    const created = await tx.staffUser.create({
      data: {
        email, name: input.name.trim(), role, scopeEmployers: scope.employers, scopeBranches: scope.branches, passwordHash,
        setupTokenHash: setupToken ? sha256Hex(setupToken) : null,
        setupExpiresAt: setupToken ? new Date(now.getTime() + SETUP_LINK_HOURS * 3600_000) : null,
        createdAt: now, updatedAt: now,
      },
    });
    await recordAudit(tx, actor, now, { action: "users.create", targetType: "staff_user", targetId: created.id, details: { role, scope, setupLink: setupToken !== undefined } });
    return created;
  });
  return { user: userView(user), ...(setupToken ? { setupLink: setupLinkFor(deps.config.PUBLIC_URL, setupToken) } : {}) };
}

export function setupLinkFor(publicUrl: string, token: string): string {
  // The token is in the fragment, so it never reaches a server log or a Referer header; the
  // setup page posts it to POST /api/v1/auth/setup.
  return `${publicUrl.replace(/\/$/, "")}/setup#${token}`;
}

/** Sets the password of an invited user from their one-time setup link. */
export async function completeSetup(deps: UserDeps, token: string, password: string): Promise<StaffUserView> {
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  const user = await deps.db.staffUser.findUnique({ where: { setupTokenHash: sha256Hex(token) } });
  if (!user || user.disabledAt || !user.setupExpiresAt || user.setupExpiresAt <= now) {
    throw invalid("this setup link is not valid (used, expired or never issued): ask an administrator for a new one");
  }
  const updated = await deps.db.staffUser.update({ where: { id: user.id }, data: { passwordHash, setupTokenHash: null, setupExpiresAt: null, updatedAt: now } });
  await recordAudit(deps.db, { kind: "user", id: user.id, role: user.role, scope: null }, now, { action: "users.setup_password", targetType: "staff_user", targetId: user.id });
  return userView(updated);
}

export async function listUsers(deps: UserDeps, actor: Actor): Promise<StaffUserView[]> {
  authorize(actor, "users.manage");
  const users = await deps.db.staffUser.findMany({ orderBy: { id: "asc" } });
  return users.map(userView);
}

export async function findUserByEmail(deps: Pick<UserDeps, "db">, email: string): Promise<StaffUser> {
  const user = await deps.db.staffUser.findUnique({ where: { email: normaliseEmail(email) } });
  if (!user) throw notFound(`no staff user with email ${normaliseEmail(email)}`);
  return user;
}

async function getUser(deps: UserDeps, id: number): Promise<StaffUser> {
  const user = await deps.db.staffUser.findUnique({ where: { id } });
  if (!user) throw notFound(`no staff user with id ${id}`);
  return user;
}

/** Disables a user: their sessions and API tokens stop working at once. */
export async function disableUser(deps: UserDeps, actor: Actor, id: number): Promise<StaffUserView> {
  authorize(actor, "users.manage");
  if (actor.kind === "user" && actor.id === id) throw conflict("you cannot disable yourself");
  await getUser(deps, id);
  const now = deps.clock.now();
  const user = await deps.db.$transaction(async (tx) => {
    const updated = await tx.staffUser.update({ where: { id }, data: { disabledAt: now, updatedAt: now } });
    await tx.staffSession.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
    await tx.apiToken.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, actor, now, { action: "users.disable", targetType: "staff_user", targetId: id });
    return updated;
  });
  return userView(user);
}

export async function enableUser(deps: UserDeps, actor: Actor, id: number): Promise<StaffUserView> {
  authorize(actor, "users.manage");
  await getUser(deps, id);
  const now = deps.clock.now();
  const user = await deps.db.staffUser.update({ where: { id }, data: { disabledAt: null, updatedAt: now } });
  await recordAudit(deps.db, actor, now, { action: "users.enable", targetType: "staff_user", targetId: id });
  return userView(user);
}

/** Changes role (and scope, which must fit the new role). Sessions are ended so the new rights apply at the next login. */
export async function setRole(deps: UserDeps, actor: Actor, id: number, role: string, scope?: { employers?: string[]; branches?: string[] }): Promise<StaffUserView> {
  authorize(actor, "users.manage");
  const checkedRole = checkRole(role);
  const before = await getUser(deps, id);
  if (actor.kind === "user" && actor.id === id && checkedRole !== "admin") throw conflict("you cannot take away your own admin role");
  const checkedScope = checkScope(checkedRole, scope?.employers ?? (checkedRole === "steward" ? before.scopeEmployers : []), scope?.branches ?? (checkedRole === "steward" ? before.scopeBranches : []));
  return updateAccess(deps, actor, id, { role: checkedRole, scope: checkedScope }, { action: "users.set_role", details: { from: before.role, to: checkedRole, scope: checkedScope } });
}

export async function setScope(deps: UserDeps, actor: Actor, id: number, employers: string[], branches: string[]): Promise<StaffUserView> {
  authorize(actor, "users.manage");
  const before = await getUser(deps, id);
  const scope = checkScope(before.role, employers, branches);
  return updateAccess(deps, actor, id, { role: before.role, scope }, { action: "users.set_scope", details: { scope } });
}

async function updateAccess(deps: UserDeps, actor: Actor, id: number, access: { role: Role; scope: Scope }, audit: { action: string; details: Record<string, unknown> }) {
  const now = deps.clock.now();
  const user = await deps.db.$transaction(async (tx) => {
    const updated = await tx.staffUser.update({
      where: { id },
      data: { role: access.role, scopeEmployers: access.scope.employers, scopeBranches: access.scope.branches, updatedAt: now },
    });
    // Sessions carry no copy of the role (each request reads the user), but ending them makes
    // the change visible to the user and clears any TOTP-enrolment state tied to the old role.
    await tx.staffSession.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, actor, now, { action: audit.action, targetType: "staff_user", targetId: id, details: audit.details });
    return updated;
  });
  return userView(user);
}

export async function getUserView(deps: UserDeps, actor: Actor, id: number): Promise<StaffUserView> {
  authorize(actor, "users.manage");
  return userView(await getUser(deps, id));
}

/**
 * Role and scope first (their checks refuse bad input before anything changes), then the
 * disabled state. Each step is its own audited service call.
 */
export async function updateUser(
  deps: UserDeps,
  actor: Actor,
  id: number,
  patch: { role?: StaffUserView["role"]; employers?: string[]; branches?: string[]; disabled?: boolean },
): Promise<StaffUserView> {
  let user = await getUserView(deps, actor, id);
  if (patch.role !== undefined && patch.role !== user.role) {
    user = await setRole(deps, actor, id, patch.role, { employers: patch.employers, branches: patch.branches });
  } else if (patch.employers !== undefined || patch.branches !== undefined) {
    user = await setScope(deps, actor, id, patch.employers ?? user.scope.employers, patch.branches ?? user.scope.branches);
  }
  if (patch.disabled === true && !user.disabled) user = await disableUser(deps, actor, id);
  if (patch.disabled === false && user.disabled) user = await enableUser(deps, actor, id);
  return user;
}

/** The actor a user acts as: role and scope as stored now. */
export function actorForUser(user: StaffUser): Actor & { kind: "user" } {
  return {
    kind: "user", id: user.id, role: user.role,
    scope: user.role === "steward" ? { employers: user.scopeEmployers, branches: user.scopeBranches } : null,
  };
}
