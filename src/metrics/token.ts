// The bearer token that guards /metrics (METRICS_TOKEN), checked the same way by the server and
// by a worker process's own metrics listener.
import { bearerMatches } from "../auth/secrets.ts";

/** True when no token is configured, or the Authorization header carries it. */
export function metricsAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  return token === undefined || bearerMatches(authorization, token);
}

export const METRICS_CHALLENGE = 'Bearer realm="metrics"';
