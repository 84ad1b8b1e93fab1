// One logger for the whole product. It writes to stderr, so `--json` output on stdout stays
// clean, and it redacts personal data by key name as a second line of defence: code should
// log ids, never names, addresses or message bodies.
import { pino, type Logger } from "pino";

export type { Logger };

export const REDACTED_KEYS = [
  "email", "mobile", "phone", "to", "from", "address", "addressLine", "firstName", "lastName",
  "name", "body", "html", "text", "subject", "token", "password", "secret", "authorization",
];

export function createLogger(level = "info"): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
    },
    pino.destination(2),
  );
}
