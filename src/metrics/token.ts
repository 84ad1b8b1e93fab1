// The bearer token that guards /metrics (METRICS_TOKEN), checked the same way by the server and
// by a worker process's own metrics listener.
import { safeEqual, sha256Hex } from "../auth/secrets.ts";

/**
 * True when no token is configured, or the Authorization header carries it. Both sides are
 * hashed first, so the comparison takes the same time whatever the length of what was sent.
 */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const match = authorization === undefined ? null : /^Bearer (\S+)$/.exec(authorization);
  return match !== null && safeEqual(sha256Hex(match[1]!), sha256Hex(token));
}

export const METRICS_CHALLENGE = 'Bearer realm="metrics"';
