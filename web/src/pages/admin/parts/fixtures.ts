// Test data for the admin screens' component tests, typed by the contracts.
import type { Session } from "../../../api/session.tsx";
import type { ApiToken, StaffUser } from "./api.ts";

export function staffUser(overrides: Partial<StaffUser> & Pick<StaffUser, "id" | "name" | "email">): StaffUser {
  return {
    role: "viewer", scope: { employers: [], branches: [] }, disabled: false, totpEnabled: false, pendingSetup: false,
    lastLoginAt: null, createdAt: "2026-11-01T09:00:00.000Z", ...overrides,
  };
}

export const ADMIN = staffUser({ id: 1, name: "Ada Admin", email: "admin@budstikke.test", role: "admin", totpEnabled: true });
export const VIEWER = staffUser({ id: 4, name: "Lise Leser", email: "leser@budstikke.test" });

export const ADMIN_SESSION: Session = {
  user: ADMIN, csrfToken: "csrf-test", mustEnrolTotp: false,
  permissions: ["users.manage", "tokens.manage", "suppressions.read", "suppressions.write", "newsletters.read", "newsletters.write", "audit.read"],
};

export function apiToken(overrides: Partial<ApiToken> & Pick<ApiToken, "id" | "userId" | "name">): ApiToken {
  return { createdAt: "2026-11-20T10:00:00.000Z", expiresAt: null, revokedAt: null, lastUsedAt: null, ...overrides };
}
