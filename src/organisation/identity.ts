// Who the members hear from: the union's name, logo, colour, address and contacts, as one
// version of the organisation settings. Settings are append-only versions (organisation_profile):
// the newest is current, and a campaign pins the version it launched with, so a change of
// settings reaches the next campaign's messages and never the ones already sent.
//
// Before any admin has saved settings, the first version is made from the ORG_* environment
// (and ORG_LOGO_FILE), once, the first time anything needs the identity.
import { readFile } from "node:fs/promises";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { OrganisationProfile } from "../generated/prisma/client.ts";
import { storeLogo } from "./logo.ts";

/** What messages and member pages show about the organisation. */
export interface OrganisationIdentity {
  /** The organisation_profile row: what a campaign pins. */
  profileId: number;
  name: string;
  /** The first word of an SMS sent from a number. */
  shortName: string;
  /** #rrggbb as the admin chose it; see colours.ts for the shades text is drawn in. */
  brandColour: string;
  /** Postal address, one entry per line (street or box, then "postcode PLACE"). */
  addressLines: string[];
  contactEmail: string | null;
  contactPhone: string | null;
  /** Nine digits, no spaces. */
  orgNumber: string | null;
  privacyUrl: string | null;
  /** The logo's PNG rendition, or null; served at logoPath(id). */
  logo: { id: number; width: number; height: number } | null;
}

export const DEFAULT_BRAND_COLOUR = "#1f4e79";

/** The ORG_* settings (and MAIL_FROM for a name) the first version is made from. */
export type IdentityConfig = Partial<Pick<Config, "ORG_NAME" | "ORG_SHORT_NAME" | "ORG_ADDRESS" | "ORG_CONTACT_EMAIL" | "ORG_CONTACT_PHONE" | "ORG_NUMBER" | "ORG_PRIVACY_URL" | "ORG_LOGO_FILE" | "ORG_BRAND_COLOUR" | "MAIL_FROM">>;

/** The path (under PUBLIC_URL) where Budstikke serves a logo: logos are immutable per id. */
export function logoPath(logoId: number): string {
  return `/org/logo/${logoId}.png`;
}

export function logoUrl(publicUrl: string, logoId: number): string {
  return `${publicUrl.replace(/\/+$/, "")}${logoPath(logoId)}`;
}

/** "Postboks 123 Sentrum; 0102 OSLO" → two lines. */
export function splitAddress(text: string): string[] {
  return text.split(/[;\n]/).map((line) => line.trim()).filter(Boolean);
}

/** The name's first word, cut to what an SMS prefix can carry. */
export function defaultShortName(name: string): string {
  return (name.trim().split(/\s+/)[0] ?? name).slice(0, 30);
}

/** "Budstikke <post@…>" → "Budstikke": the name to use when ORG_NAME is not set. */
function nameFromMailFrom(mailFrom: string): string | null {
  const display = /^\s*"?([^"<]+?)"?\s*</.exec(mailFrom)?.[1]?.trim();
  return display || null;
}

export function toIdentity(row: OrganisationProfile & { logo?: { id: number; width: number; height: number } | null }): OrganisationIdentity {
  return {
    profileId: row.id,
    name: row.name,
    shortName: row.shortName,
    brandColour: row.brandColour,
    addressLines: row.addressLines,
    contactEmail: row.contactEmail,
    contactPhone: row.contactPhone,
    orgNumber: row.orgNumber,
    privacyUrl: row.privacyUrl,
    logo: row.logo ? { id: row.logo.id, width: row.logo.width, height: row.logo.height } : null,
  };
}

const withLogo = { logo: { select: { id: true, width: true, height: true } } } as const;

/** One version of the identity (a campaign's pinned one). */
export async function identityById(db: Db, profileId: number): Promise<OrganisationIdentity> {
  const row = await db.organisationProfile.findUniqueOrThrow({ where: { id: profileId }, include: withLogo });
  return toIdentity(row);
}

/** The current identity: the newest settings, made from the environment the first time. */
export async function currentIdentity(db: Db, config: IdentityConfig, now: Date): Promise<OrganisationIdentity> {
  const row = await db.organisationProfile.findFirst({ orderBy: { id: "desc" }, include: withLogo });
  if (row) return toIdentity(row);
  return seedFromEnvironment(db, config, now);
}

/** What the ORG_* environment says (no logo: ORG_LOGO_FILE is read when the first version is stored). */
function fromEnvironment(config: IdentityConfig): Omit<OrganisationIdentity, "profileId" | "logo"> {
  const name = config.ORG_NAME ?? nameFromMailFrom(config.MAIL_FROM ?? "") ?? "Budstikke";
  return {
    name,
    shortName: config.ORG_SHORT_NAME ?? defaultShortName(name),
    brandColour: (config.ORG_BRAND_COLOUR ?? DEFAULT_BRAND_COLOUR).toLowerCase(),
    addressLines: config.ORG_ADDRESS ? splitAddress(config.ORG_ADDRESS) : [],
    contactEmail: config.ORG_CONTACT_EMAIL ?? null,
    contactPhone: config.ORG_CONTACT_PHONE ?? null,
    orgNumber: config.ORG_NUMBER?.replace(/\s/g, "") ?? null,
    privacyUrl: config.ORG_PRIVACY_URL ?? null,
  };
}

/**
 * The identity to show, without writing anything (member pages and other GETs): the newest
 * version, or what the environment says before any is stored (profileId 0, no logo yet).
 */
export async function shownIdentity(db: Db, config: IdentityConfig): Promise<OrganisationIdentity> {
  const row = await db.organisationProfile.findFirst({ orderBy: { id: "desc" }, include: withLogo });
  return row ? toIdentity(row) : { profileId: 0, ...fromEnvironment(config), logo: null };
}

/**
 * The first version, from ORG_*. Two processes may get here at once: an advisory lock makes the
 * second one find the first one's row instead of adding a duplicate version.
 */
async function seedFromEnvironment(db: Db, config: IdentityConfig, now: Date): Promise<OrganisationIdentity> {
  const logo = config.ORG_LOGO_FILE ? await storeLogo(db, await readFile(config.ORG_LOGO_FILE), now) : null;
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('organisation_profile_seed'))`;
    const existing = await tx.organisationProfile.findFirst({ orderBy: { id: "desc" }, include: withLogo });
    if (existing) return toIdentity(existing);
    const created = await tx.organisationProfile.create({
      data: { ...fromEnvironment(config), logoId: logo?.id ?? null, createdAt: now },
      include: withLogo,
    });
    return toIdentity(created);
  });
}
