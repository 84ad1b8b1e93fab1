// The organisation settings as staff read and change them. Every change adds a version (the
// campaigns already launched keep theirs) and an audit row naming the fields that changed.
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { OrganisationSettings, OrganisationSettingsInput } from "../contracts/organisation.ts";
import type { Db } from "../db/client.ts";
import { brandShades } from "./colours.ts";
import { currentIdentity, logoPath, shownIdentity, toIdentity, type OrganisationIdentity } from "./identity.ts";
import { storeLogo } from "./logo.ts";

export interface SettingsDeps {
  db: Db;
  config: Config;
  clock: Clock;
}

const FIELDS = ["name", "shortName", "brandColour", "addressLines", "contactEmail", "contactPhone", "orgNumber", "privacyUrl"] as const;

async function view(deps: SettingsDeps, identity: OrganisationIdentity): Promise<OrganisationSettings> {
  // profileId 0: nothing stored yet (shownIdentity), the environment's values.
  const row = identity.profileId === 0 ? null : await deps.db.organisationProfile.findUniqueOrThrow({ where: { id: identity.profileId }, select: { createdAt: true, createdBy: true } });
  const by = row?.createdBy ? await deps.db.staffUser.findUnique({ where: { id: row.createdBy }, select: { email: true } }) : null;
  const { profileId, logo, ...fields } = identity;
  return {
    profileId,
    ...fields,
    logo: logo ? { ...logo, url: logoPath(logo.id) } : null,
    colours: brandShades(identity.brandColour),
    updatedAt: row ? row.createdAt.toISOString() : null,
    updatedBy: row?.createdBy ? (by?.email ?? `user ${row.createdBy}`) : null,
  };
}

export async function getOrganisationSettings(deps: SettingsDeps, actor: Actor): Promise<OrganisationSettings> {
  authorize(actor, "organisation.read");
  return view(deps, await shownIdentity(deps.db, deps.config));
}

/** A new version from the current one with `change` applied; audited with the names of the fields that changed. */
async function addVersion(
  deps: SettingsDeps,
  actor: Actor,
  change: Partial<Omit<OrganisationIdentity, "profileId" | "logo">> & { logoId?: number | null },
  action: string,
): Promise<OrganisationSettings> {
  const now = deps.clock.now();
  const current = await currentIdentity(deps.db, deps.config, now);
  const next = { ...current, ...change };
  const logoId = change.logoId === undefined ? (current.logo?.id ?? null) : change.logoId;
  const changed = [
    ...FIELDS.filter((f) => JSON.stringify(next[f]) !== JSON.stringify(current[f])),
    ...(logoId !== (current.logo?.id ?? null) ? ["logo"] : []),
  ];
  if (changed.length === 0) return view(deps, current);
  const created = await deps.db.$transaction(async (tx) => {
    const row = await tx.organisationProfile.create({
      data: {
        name: next.name, shortName: next.shortName, brandColour: next.brandColour, addressLines: next.addressLines,
        contactEmail: next.contactEmail, contactPhone: next.contactPhone, orgNumber: next.orgNumber, privacyUrl: next.privacyUrl,
        logoId, createdBy: actor.kind === "user" ? actor.id : null, createdAt: now,
      },
      include: { logo: { select: { id: true, width: true, height: true } } },
    });
    await recordAudit(tx, actor, now, { action, targetType: "organisation_profile", targetId: row.id, details: { changed, previous: current.profileId } });
    return row;
  });
  return view(deps, toIdentity(created));
}

export async function saveOrganisationSettings(deps: SettingsDeps, actor: Actor, input: OrganisationSettingsInput): Promise<OrganisationSettings> {
  authorize(actor, "organisation.write");
  return addVersion(deps, actor, input, "organisation.update");
}

/** Stores an uploaded PNG or SVG (LogoError says what is wrong with it) and makes it the logo. */
export async function uploadOrganisationLogo(deps: SettingsDeps, actor: Actor, bytes: Buffer): Promise<OrganisationSettings> {
  authorize(actor, "organisation.write");
  const logo = await storeLogo(deps.db, bytes, deps.clock.now());
  return addVersion(deps, actor, { logoId: logo.id }, "organisation.logo");
}

export async function removeOrganisationLogo(deps: SettingsDeps, actor: Actor): Promise<OrganisationSettings> {
  authorize(actor, "organisation.write");
  return addVersion(deps, actor, { logoId: null }, "organisation.logo_removed");
}
