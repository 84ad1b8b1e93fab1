// BOUNCE_IMAP_URL → what imapflow needs to connect, plus the folder to watch. Errors name the
// part that is wrong and never echo the URL, because the URL carries the password.

export interface ImapSettings {
  host: string;
  port: number;
  /** true for imaps:// (TLS from the first byte); imap:// lets imapflow use STARTTLS when offered. */
  secure: boolean;
  auth: { user: string; pass: string };
  /** The mailbox to watch, from the URL path (RFC 5092 style), INBOX when the path is empty. */
  folder: string;
}

const DEFAULT_PORTS: Record<string, { port: number; secure: boolean }> = {
  "imap:": { port: 143, secure: false },
  "imaps:": { port: 993, secure: true },
};

function decoded(part: string, what: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`IMAP URL: the ${what} has a malformed %-escape`);
  }
}

/** Parses an `imap://` or `imaps://` URL with user, password and an optional folder path. */
export function imapSettingsFromUrl(url: string): ImapSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error("IMAP URL is not a valid URL (expected imaps://user:password@host:993/INBOX)");
  }
  const scheme = DEFAULT_PORTS[parsed.protocol];
  if (!scheme) throw new Error(`IMAP URL must start with imap:// or imaps:// (got ${parsed.protocol}//)`);
  if (!parsed.hostname) throw new Error("IMAP URL has no host");
  if (!parsed.username) throw new Error("IMAP URL has no user name (expected imaps://user:password@host/INBOX)");
  if (!parsed.password) throw new Error("IMAP URL has no password (expected imaps://user:password@host/INBOX)");
  const folder = decoded(parsed.pathname.replace(/^\/+/, ""), "folder");
  return {
    // IPv6 literals come back in brackets; sockets want them bare.
    host: parsed.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: parsed.port ? Number(parsed.port) : scheme.port,
    secure: scheme.secure,
    auth: { user: decoded(parsed.username, "user name"), pass: decoded(parsed.password, "password") },
    folder: folder || "INBOX",
  };
}
