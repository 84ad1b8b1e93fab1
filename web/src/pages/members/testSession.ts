// A logged-in session for component tests of the member screens.
import type { Session } from "../../api/session.tsx";

export function sessionFor(role: Session["user"]["role"], permissions: string[]): Session {
  return {
    user: {
      id: 7, email: `${role}@budstikke.test`, name: "Test Testesen", role, scope: { employers: role === "steward" ? ["974712717"] : [], branches: [] },
      disabled: false, totpEnabled: true, pendingSetup: false, lastLoginAt: null, createdAt: "2026-01-01T00:00:00.000Z",
    },
    csrfToken: "csrf", mustEnrolTotp: false, permissions,
  };
}
