// The one place that reads process.env. Everything else receives a typed Config.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";

const intFrom = (fallback: number, min = 0) =>
  z.coerce.number().int().min(min).default(fallback);

const flag = (fallback: boolean) =>
  z.enum(["true", "false", "1", "0", "yes", "no"], "must be true or false").transform((v) => ["true", "1", "yes"].includes(v)).default(fallback);

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24-hour clock)");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .default("postgresql://postgres@127.0.0.1:5432/budstikke"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  /** `host:port` seeds of a Redis Cluster, comma-separated; REDIS_URL is not used then. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^\s,:]+:\d{1,5}(,[^\s,:]+:\d{1,5})*$/, "must be host:port seeds, comma-separated")
    .transform((v) => v.split(","))
    .optional(),
  /** Base of every link in messages and of webhook signatures. Required (https) in production. */
  PUBLIC_URL: z.url("must be an absolute URL such as https://budstikke.example.no").optional(),
  PORT: intFrom(3000, 1).pipe(z.number().max(65535)),
  OUTBOX_DIR: z.string().min(1).default("./outbox"),
  /** Current signing key for unsubscribe tokens. Required in production. */
  SECRET_KEY: z.string().min(32, "must be at least 32 characters").optional(),
  /** Earlier keys, comma-separated, still accepted when verifying (key rotation). */
  SECRET_KEYS_PREVIOUS: z.string().default(""),
  SECRET_KEY_FILE: z.string().default(".secret-key"),
  /** Key for the keyed hashes of suppressed addresses and erased member numbers (issue 4).
   * Unset: derived from SECRET_KEY. Before rotating SECRET_KEY, set this to the OLD
   * SECRET_KEY so existing suppressions keep matching (see src/consent/pseudonyms.ts). */
  PSEUDONYM_KEY: z.string().min(32, "must be at least 32 characters").optional(),

  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
  MAIL_FROM: z.string().min(3).default("Budstikke <post@budstikke.invalid>"),
  UNSUBSCRIBE_MAILTO: z.string().email().optional(),
  DKIM_DOMAIN: z.string().optional(),
  DKIM_SELECTOR: z.string().optional(),
  DKIM_PRIVATE_KEY: z.string().optional(),

  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z
    .string()
    .refine(
      (v) => /^\+[1-9]\d{6,14}$/.test(v) || (/^[A-Za-z0-9 ]{1,11}$/.test(v) && !/^\d+$/.test(v)),
      "must be an E.164 number or an alphanumeric sender of at most 11 characters (not all digits)",
    )
    .optional(),
  TWILIO_API_URL: z.url().optional(),

  EMAIL_RATE_PER_SECOND: intFrom(50, 1),
  SMS_RATE_PER_SECOND: intFrom(10, 1),
  MAX_ATTEMPTS: intFrom(5, 1),
  SMS_QUIET_START: clockTime.default("21:00"),
  SMS_QUIET_END: clockTime.default("08:00"),
  ERROR_BUDGET_SHARE: z.coerce.number().min(0).max(1).default(0.2),
  ERROR_BUDGET_WINDOW: intFrom(200, 1),
  /** Member ids per batch job on a channel queue. */
  DELIVERY_BATCH_SIZE: intFrom(100, 1).pipe(z.number().max(1000)),
  /** Messages in flight per batch (and rows claimed together). 1 makes sends strictly sequential. */
  SEND_CONCURRENCY: intFrom(50, 1).pipe(z.number().max(200)),
  /** Batch jobs processed at once per channel in one worker process. */
  BATCH_CONCURRENCY: intFrom(4, 1).pipe(z.number().max(50)),
  /** Messages being composed or sent at once per channel in one worker process, across its batches. */
  SENDS_IN_FLIGHT: intFrom(24, 1).pipe(z.number().max(1000)),
  /** How long a claim holds without its worker's heartbeat (renewed every third of it); then another worker may take the row over. */
  CLAIM_LEASE_MS: intFrom(30_000, 300),
  /** Longest a provider's acceptance waits before it is written to the database (the duplicate window after a crash). */
  RECORD_FLUSH_MS: intFrom(25, 1).pipe(z.number().max(1000)),
  /** How often the sweeper looks for lost batches, stuck launches and campaigns to complete. */
  SWEEP_INTERVAL_MS: intFrom(60_000, 100),
  /** How long a channel backs off after the provider throttles it without saying how long. */
  THROTTLE_BACKOFF_MS: intFrom(60_000, 100),
  /** Resend an SMS whose outcome is unknown (timeout after the request left). A second SMS cannot be recognised as a duplicate. */
  SMS_RETRY_UNCERTAIN: flag(false),
  /** BullMQ job lock; a crashed worker's batch is retried after about this long. */
  JOB_LOCK_MS: intFrom(30_000, 500),
  /** First retry delay in ms; doubles per attempt, with jitter. */
  RETRY_BASE_MS: intFrom(2000, 1),
  /**
   * Redis key prefix of the queues, so several installations can share one Redis. Braces make it a
   * Redis Cluster hash tag: every key of the queues then lives in one slot, as BullMQ requires there.
   */
  QUEUE_PREFIX: z
    .string()
    .regex(/^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/, "letters, digits, '_' and '-', optionally in one pair of braces ({budstikke})")
    .default("{budstikke}"),
  /** Addresses (or CIDR ranges) of reverse proxies whose X-Forwarded-For is believed; unset: none. */
  TRUST_PROXY: z
    .string()
    .transform((v) => v.split(",").map((p) => p.trim()).filter(Boolean))
    .optional(),
  /** A token older than this may still opt out, but not opt in again or lift an objection. */
  PREFERENCES_OPT_IN_DAYS: intFrom(7, 1),
  /** `members import --full-sync` refuses to resign more than this share of the current members (without --force). */
  FULL_SYNC_MAX_RESIGN_SHARE: z.coerce.number().min(0).max(1).default(0.1),

  /** Four-eyes approval: campaigns to more recipients than this need a second person's approval. */
  APPROVAL_THRESHOLD: intFrom(500, 0),
  /** At launch, an approved campaign whose count moved more than this share stops in needs_reapproval. */
  APPROVAL_DRIFT_SHARE: z.coerce.number().min(0).max(10).default(0.1),
  /** Roles that must use TOTP two-factor authentication, comma-separated. */
  REQUIRE_2FA_FOR: z
    .string()
    .transform((v) => v.split(",").map((r) => r.trim()).filter(Boolean))
    .pipe(z.array(z.enum(["admin", "communicator", "approver", "viewer", "steward"], "must list roles: admin, communicator, approver, viewer, steward")))
    .default(["admin", "approver"]),
  /** A staff session ends after this many minutes without a request… */
  SESSION_IDLE_MINUTES: intFrom(30, 1),
  /** …and this many hours after login, whatever happens. */
  SESSION_MAX_HOURS: intFrom(12, 1),
  /** Failed logins allowed per account, and per client address, in LOGIN_WINDOW_MINUTES. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: intFrom(5, 1),
  LOGIN_MAX_FAILURES_PER_IP: intFrom(20, 1),
  LOGIN_WINDOW_MINUTES: intFrom(15, 1),
  /** Origins (besides PUBLIC_URL's) from which browsers may send mutations with a session cookie, comma-separated. */
  STAFF_ORIGINS: z
    .string()
    .transform((v) => v.split(",").map((o) => o.trim().replace(/\/$/, "")).filter(Boolean))
    .default([]),
  /**
   * Domain of the signed VERP return path: with it set, each email's envelope sender is
   * `bounces+<delivery id>.<hmac>@BOUNCE_DOMAIN`, so a bounce names its delivery and a forged one cannot.
   */
  BOUNCE_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, "must be a domain name such as bounce.example.no")
    .optional(),
  /** `budstikke inbound serve`: the SMTP port the organisation's MX or relay forwards bounces and unsubscribe mail to. */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535, "must be a port number (1-65535)").default(2525),
  /** The address it listens on (0.0.0.0 to take mail from another host). */
  INBOUND_SMTP_HOST: z.string().min(1).default("127.0.0.1"),
  /** Largest inbound message accepted (bytes); a bounce with the original attached is rarely over 1 MB. */
  INBOUND_MAX_BYTES: intFrom(10 * 1024 * 1024, 1024),
  /** A mailbox (imaps://user:password@host/INBOX) where bounces land, polled by `budstikke inbound serve`. */
  BOUNCE_IMAP_URL: z.string().regex(/^imaps?:\/\/[^/]+@[^/@]+/, "must be an imap:// or imaps:// URL with user and password (an @ in the user may be written %40)").optional(),
  /** Shared secret for POST /webhooks/inbound (header `Authorization: Bearer <secret>`); unset: the route answers 404. */
  INBOUND_WEBHOOK_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  /** Soft bounces of one address within SOFT_BOUNCE_WINDOW_DAYS that suppress it. */
  SOFT_BOUNCE_LIMIT: intFrom(3, 1),
  SOFT_BOUNCE_WINDOW_DAYS: intFrom(30, 1),
  /** A bounce or complaint is matched to a delivery sent at most this many days before. */
  BOUNCE_MATCH_DAYS: intFrom(30, 1),
  /** Complaint rate (complaints / emails sent) above which a campaign's status warns, and above which it pauses itself. */
  COMPLAINT_WARN_RATE: z.coerce.number().min(0).max(1).default(0.001),
  COMPLAINT_PAUSE_RATE: z.coerce.number().min(0).max(1).default(0.003),
  /** Unparseable or unmatched inbound messages are kept this long for staff, then deleted. */
  INBOUND_QUARANTINE_DAYS: intFrom(30, 1),
  /** Where rendered letters and print batches (PDF, manifest, zip) are written. Holds names and addresses: keep it private. */
  LETTER_DIR: z.string().min(1).default("./var/letters"),
  /** A print batch's merged PDF has at most this many pages (print houses take files of bounded size). */
  LETTER_BATCH_MAX_PAGES: intFrom(2000, 1),
  /** Letters are printed on both sides: a sheet carries two pages. */
  LETTER_DUPLEX: flag(true),
  /**
   * Postage per letter by weight step, as `sheets:price` pairs (NOK), cheapest first: a letter
   * pays the first step whose sheet count it does not exceed. Bulk prices apply from
   * LETTER_BULK_MINIMUM letters in one handover.
   */
  LETTER_POSTAGE: z
    .string()
    .regex(/^\d+:\d+(\.\d{1,2})?(,\d+:\d+(\.\d{1,2})?)*$/, "must be sheets:price pairs, comma-separated, e.g. 4:17.50,9:35,19:52.50")
    .default("4:17.50,9:35,19:52.50,49:87.50"),
  /** Letters per print batch that bulk postage needs; the review warns below it. */
  LETTER_BULK_MINIMUM: intFrom(200, 1),
  /**
   * Channels this worker process delivers, comma-separated (default: every deliverable channel). Letters
   * render PDFs on the CPU: a process of its own (WORKER_CHANNELS=letter) keeps them from slowing email and SMS.
   */
  WORKER_CHANNELS: z
    .string()
    .transform((v) => v.split(",").map((c) => c.trim()).filter(Boolean))
    .pipe(z.array(z.enum(["email", "sms", "letter"], "must list channels: email, sms, letter")).min(1))
    .optional(),
  /** With channelMode first-available: a message that fails for good within this many hours moves the member to the next channel. */
  FALLBACK_AFTER_FAILURE_HOURS: intFrom(48, 0),
  /**
   * A campaign that ended this many days ago keeps only its counts (by channel, status and reason):
   * its per-member deliveries and provider events are deleted. 400 days cover one bargaining round
   * and its appeal period. Provider events that named no campaign go after the same age.
   */
  RETENTION_DELIVERIES_DAYS: intFrom(400, 1),
  /** Print batch files (PDF, manifest, zip: names and addresses) are deleted this many days after the batch was made; the row stays. */
  RETENTION_LETTER_BATCH_DAYS: intFrom(90, 1),
  /** Audit entries are deleted after this many days (5 years by default). */
  RETENTION_AUDIT_DAYS: intFrom(1825, 1),
  // ── organisation identity: first values of the settings (src/organisation/identity.ts); admins change them in the app ──
  /** The union's name on every message and member page. */
  ORG_NAME: z.string().trim().min(1).max(120).optional(),
  /** Its short name (the first word of an SMS sent from a number); default: the name's first word. */
  ORG_SHORT_NAME: z.string().trim().min(1).max(30).optional(),
  /** Postal address, lines separated by `;` or newlines (e.g. "Postboks 123 Sentrum; 0102 OSLO"). */
  ORG_ADDRESS: z.string().trim().min(1).max(400).optional(),
  ORG_CONTACT_EMAIL: z.email("must be an email address").optional(),
  ORG_CONTACT_PHONE: z.string().trim().min(1).max(40).optional(),
  /** Organisasjonsnummer: 9 digits (spaces allowed). */
  ORG_NUMBER: z.string().trim().regex(/^\d{3} ?\d{3} ?\d{3}$/, "must be 9 digits").optional(),
  ORG_PRIVACY_URL: z.url("must be an absolute URL such as https://www.forbundet.no/personvern").optional(),
  /** A PNG or SVG file, read once when the first settings are made. */
  ORG_LOGO_FILE: z.string().min(1).optional(),
  /** Brand colour as #rrggbb; messages darken it where text needs contrast. */
  ORG_BRAND_COLOUR: z.string().regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #c8102e").optional(),
  // ── end organisation identity ──
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** When set, `budstikke worker` serves its own GET /metrics (and /healthz) on this port, behind METRICS_TOKEN like the server's. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535, "must be a port number (1-65535)").optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends Omit<Env, "SECRET_KEY" | "SECRET_KEYS_PREVIOUS" | "SECRET_KEY_FILE" | "PUBLIC_URL"> {
  /** Signing keys, newest first. Index 0 signs; all verify. */
  secretKeys: string[];
  PUBLIC_URL: string;
}

/** Where links point when PUBLIC_URL is not set (development and tests only). */
export const DEVELOPMENT_PUBLIC_URL = "http://localhost:3000";

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** Parses an environment (process.env by default). Pure apart from the dev key file. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // Empty strings mean "not set": shells and .env files often leave VAR= behind.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  const env = parsed.data;
  const problems: string[] = [];
  const dkim = [env.DKIM_DOMAIN, env.DKIM_SELECTOR, env.DKIM_PRIVATE_KEY].filter(Boolean).length;
  if (dkim !== 0 && dkim !== 3) problems.push("DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY must be set together");
  const twilio = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN, env.TWILIO_FROM].filter(Boolean).length;
  if (twilio !== 0 && twilio !== 3) problems.push("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM must be set together");

  if (env.NODE_ENV === "production") {
    // Every unsubscribe link and status callback is built on it: localhost would silently break them all.
    if (!env.PUBLIC_URL) problems.push("PUBLIC_URL: required when NODE_ENV=production (the https address members and providers reach)");
    else if (!env.PUBLIC_URL.startsWith("https://")) problems.push("PUBLIC_URL: must be https:// when NODE_ENV=production");
  }
  // Bounces are matched to deliveries, and soft bounces counted from provider events, within these
  // windows: retention must not delete what they still read.
  if (env.RETENTION_DELIVERIES_DAYS <= Math.max(env.BOUNCE_MATCH_DAYS, env.SOFT_BOUNCE_WINDOW_DAYS)) {
    problems.push("RETENTION_DELIVERIES_DAYS: must be more than BOUNCE_MATCH_DAYS and SOFT_BOUNCE_WINDOW_DAYS");
  }
  if (env.REDIS_CLUSTER_NODES && !env.QUEUE_PREFIX.startsWith("{")) {
    problems.push("QUEUE_PREFIX: must be a hash tag in braces, e.g. {budstikke}, with REDIS_CLUSTER_NODES");
  }

  let current = env.SECRET_KEY;
  if (!current) {
    if (env.NODE_ENV === "production") problems.push("SECRET_KEY: required when NODE_ENV=production (at least 32 characters)");
    else current = developmentKey(resolve(cwd, env.SECRET_KEY_FILE));
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const previous = env.SECRET_KEYS_PREVIOUS.split(",").map((k) => k.trim()).filter(Boolean);
  const { SECRET_KEY: _k, SECRET_KEYS_PREVIOUS: _p, SECRET_KEY_FILE: _f, ...rest } = env;
  return { ...rest, PUBLIC_URL: env.PUBLIC_URL ?? DEVELOPMENT_PUBLIC_URL, secretKeys: [current as string, ...previous] };
}

/** In development a key is generated once and kept in a git-ignored file, so links keep working across restarts. */
function developmentKey(path: string): string {
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const key = randomBytes(32).toString("base64url");
  try {
    writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    // Another process created it first: use theirs, so all processes share one key.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(path, "utf8").trim();
    throw error;
  }
  return key;
}
