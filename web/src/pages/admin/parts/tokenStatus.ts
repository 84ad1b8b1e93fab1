// Whether an API token still works: not revoked and not expired.
import type { ApiToken } from "./api.ts";

export type TokenStatus = "active" | "expired" | "revoked";

export function tokenStatus(token: ApiToken, now: number = Date.now()): TokenStatus {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return "expired";
  return "active";
}
