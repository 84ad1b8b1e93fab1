// Suppressions: addresses that must not be used, whatever the purpose (service included).
// Keyed by a keyed hash of the normalised address (see pseudonyms.ts), so they survive
// erasure of the member and hold when the address turns up on another member record.
// The plain address is not stored: nobody needs to read it back, and erasure must not
// leave it behind.
import { DomainError } from "../errors.ts";
import type { Db } from "../db/client.ts";
import type { SqlRunner } from "./ledger.ts";
import type { ChannelName } from "../channels/names.ts";
import type { Pseudonyms } from "./pseudonyms.ts";

export const SUPPRESSION_REASONS = ["hard_bounce", "soft_bounce", "complaint", "invalid", "sms_stop", "manual"] as const;
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number];

export interface SuppressInput {
  channel: ChannelName;
  address: string;
  reason: SuppressionReason;
  at: Date;
  /** Where it came from, e.g. "smtp:5.1.1", "twilio:21610", "webhook:twilio-inbound", "staff:7". No personal data. */
  source?: string;
  /** The hash key; from `pseudonymsFromConfig(config)`. */
  pseudonyms: Pseudonyms;
}

export class UnusableAddressError extends DomainError {
  override name = "UnusableAddressError";
  constructor(message: string) {
    super("invalid", message);
  }
}

/** Suppresses an address. Idempotent: an active suppression is kept as it is. Returns true when a new one was added. */
export async function suppressAddress(db: SqlRunner, input: SuppressInput): Promise<boolean> {
  const hash = input.pseudonyms.address(input.channel, input.address);
  if (hash === null) throw new UnusableAddressError(`cannot normalise the ${input.channel} address`);
  const inserted = await db.$executeRawUnsafe(
    `INSERT INTO suppression (channel, address_hash, reason, source, at)
     VALUES ($1, $2, $3::"SuppressionReason", $4, $5)
     ON CONFLICT (channel, address_hash) WHERE lifted_at IS NULL DO NOTHING`,
    input.channel, hash, input.reason, input.source ?? null, input.at,
  );
  return inserted > 0;
}

/**
 * The same as suppressAddress, but says which row holds the suppression: the new one, or the
 * active one that was there already (staff views need its id).
 */
export async function suppressAddressReturningId(db: SqlRunner, input: SuppressInput): Promise<{ id: bigint; created: boolean }> {
  const hash = input.pseudonyms.address(input.channel, input.address);
  if (hash === null) throw new UnusableAddressError(`cannot normalise the ${input.channel} address`);
  // The partial unique index on (channel, address_hash) WHERE lifted_at IS NULL makes the
  // insert a no-op for an address already suppressed; the union then finds that row.
  const rows = await db.$queryRawUnsafe<Array<{ id: bigint; created: boolean }>>(
    `WITH inserted AS (
       INSERT INTO suppression (channel, address_hash, reason, source, at)
       VALUES ($1, $2, $3::"SuppressionReason", $4, $5)
       ON CONFLICT (channel, address_hash) WHERE lifted_at IS NULL DO NOTHING
       RETURNING id)
     SELECT id, true AS created FROM inserted
     UNION ALL
     SELECT id, false AS created FROM suppression
     WHERE channel = $1 AND address_hash = $2 AND lifted_at IS NULL AND NOT EXISTS (SELECT 1 FROM inserted)`,
    input.channel, hash, input.reason, input.source ?? null, input.at,
  );
  const row = rows[0];
  if (row) return { id: BigInt(row.id), created: row.created };
  // A concurrent insert committed after this statement's snapshot: a fresh statement sees it.
  const existing = await db.$queryRawUnsafe<Array<{ id: bigint }>>(
    `SELECT id FROM suppression WHERE channel = $1 AND address_hash = $2 AND lifted_at IS NULL`,
    input.channel, hash,
  );
  if (!existing[0]) throw new Error("suppression neither inserted nor found");
  return { id: BigInt(existing[0].id), created: false };
}

export interface LiftInput {
  channel: ChannelName;
  address: string;
  at: Date;
  /** Why it was lifted, e.g. "sms_start", "staff:7". */
  reason: string;
  pseudonyms: Pseudonyms;
  /** Lift only suppressions with these reasons (START lifts sms_stop, not a hard bounce). */
  onlyReasons?: readonly SuppressionReason[];
}

/** Lifts the active suppression of an address (the row stays, with lifted_at). Returns true when one was lifted. */
export async function liftSuppression(db: SqlRunner, input: LiftInput): Promise<boolean> {
  const hash = input.pseudonyms.address(input.channel, input.address);
  if (hash === null) return false;
  const lifted = await db.$executeRawUnsafe(
    `UPDATE suppression SET lifted_at = $3, lift_reason = $4
     WHERE channel = $1 AND address_hash = $2 AND lifted_at IS NULL
       AND ($5::text[] IS NULL OR reason::text = ANY($5::text[]))`,
    input.channel, hash, input.at, input.reason, input.onlyReasons ? [...input.onlyReasons] : null,
  );
  return lifted > 0;
}

export interface SuppressionRecord {
  channel: string;
  reason: SuppressionReason;
  source: string | null;
  at: Date;
  liftedAt: Date | null;
}

/** Suppressions (active and lifted) that match the given addresses; for export and staff views. */
export async function suppressionsFor(
  db: Db,
  pseudonyms: Pseudonyms,
  addresses: Array<{ channel: ChannelName; address: string | null }>,
): Promise<SuppressionRecord[]> {
  const keys = addresses.flatMap((a) => {
    const hash = a.address ? pseudonyms.address(a.channel, a.address) : null;
    return hash ? [{ channel: a.channel, addressHash: hash }] : [];
  });
  if (keys.length === 0) return [];
  const rows = await db.suppression.findMany({ where: { OR: keys }, orderBy: { at: "asc" } });
  return rows.map((r) => ({ channel: r.channel, reason: r.reason, source: r.source, at: r.at, liftedAt: r.liftedAt }));
}
