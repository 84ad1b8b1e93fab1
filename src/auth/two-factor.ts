// TOTP enrolment: setup stores a new secret (not yet required at login), confirm checks a code
// from the authenticator app and turns it on; the session that enrolled is then unrestricted.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { DomainError, invalid } from "../errors.ts";
import type { UserActor } from "./actor.ts";
import { newTotpSecret, totpEnrolment, verifyTotp } from "./totp.ts";

export type TwoFactorDeps = Pick<Root, "db" | "clock">;

export async function beginTotpEnrolment(deps: TwoFactorDeps, actor: UserActor) {
  const user = await deps.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  if (user.totpEnabledAt) throw new DomainError("conflict", "TOTP is already enabled for this account");
  const secret = newTotpSecret();
  await deps.db.staffUser.update({ where: { id: user.id }, data: { totpSecret: secret, updatedAt: deps.clock.now() } });
  await recordAudit(deps.db, actor, deps.clock.now(), { action: "auth.totp_setup", targetType: "staff_user", targetId: user.id });
  return totpEnrolment(secret, user.email);
}

export async function confirmTotpEnrolment(deps: TwoFactorDeps, actor: UserActor, code: string, sessionId: string | null): Promise<void> {
  const user = await deps.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  if (user.totpEnabledAt) throw new DomainError("conflict", "TOTP is already enabled for this account");
  if (!user.totpSecret) throw new DomainError("conflict", "start with POST /api/v1/auth/totp/setup");
  if (!(await verifyTotp(user.totpSecret, code, deps.clock))) throw invalid("the code does not match: check the authenticator app's clock", [{ path: "code", message: "does not match" }]);
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: user.id }, data: { totpEnabledAt: now, updatedAt: now } });
    if (sessionId) await tx.staffSession.update({ where: { id: sessionId }, data: { mustEnrolTotp: false } });
    await recordAudit(tx, actor, now, { action: "auth.totp_enabled", targetType: "staff_user", targetId: user.id });
  });
}
