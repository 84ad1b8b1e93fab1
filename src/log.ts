// One logger for the whole product. It writes to stderr, so `--json` output on stdout stays
// clean, and it redacts personal data by key name as a second line of defence: code should
// log ids, never names, addresses or message bodies.
import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

export const REDACTED_KEYS = [
  "email", "mobile", "phone", "to", "from", "address", "addressLine", "firstName", "lastName",
  "name", "body", "html", "text", "subject", "token", "password", "secret", "authorization",
];

/** The product's logger: stderr by default; tests pass a destination to read what was logged. */
export function createLogger(level = "info", destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`]), censor: "[redacted]" },
    },
    destination,
  );
}
