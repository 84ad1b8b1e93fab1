// A template version compiled for one version of the organisation settings (its email layout,
// letter head and SMS sender name): made once, stored in template_build, never changed. A
// campaign pins the settings version at launch (campaign.organisation_profile_id), so what its
// members get does not move when an admin changes the settings; the next campaign gets the new ones.
// Campaigns launched before the layout existed have no pinned version and keep the bare artefacts
// saved with the template.
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { currentIdentity, identityById } from "../organisation/identity.ts";
import { logoPng } from "../organisation/logo.ts";
import { compileTemplateSource } from "./compile.ts";
import { CompiledTemplate, type CompiledArtefacts } from "./compiled.ts";
import { TemplateInputSchema } from "./schema.ts";
import { loadCompiledTemplate, TemplateNotFoundError } from "./store.ts";

export interface BuildDeps {
  db: Db;
  config: Pick<Config, "PUBLIC_URL">;
  clock: Clock;
}

type IdentityConfig = Parameters<typeof currentIdentity>[1];

// Builds never change: one per process and pair, shared by every job that renders it.
const cache = new Map<string, Promise<CompiledTemplate>>();

/** The build of a template version for a settings version, made (and stored) on first use. */
export function loadTemplateBuild(deps: BuildDeps, templateVersionId: number, organisationProfileId: number): Promise<CompiledTemplate> {
  const key = `${templateVersionId}:${organisationProfileId}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = readOrMake(deps, templateVersionId, organisationProfileId);
    hit.catch(() => cache.delete(key));
    cache.set(key, hit);
  }
  return hit;
}

async function readOrMake(deps: BuildDeps, templateVersionId: number, organisationProfileId: number): Promise<CompiledTemplate> {
  const { db } = deps;
  const where = { templateVersionId_organisationProfileId: { templateVersionId, organisationProfileId } };
  let compiled = (await db.templateBuild.findUnique({ where, select: { compiled: true } }))?.compiled as CompiledArtefacts | undefined;
  if (!compiled) {
    const version = await db.templateVersion.findUnique({ where: { id: templateVersionId }, select: { source: true } });
    if (!version) throw new TemplateNotFoundError(`template version ${templateVersionId} does not exist`);
    const identity = await identityById(db, organisationProfileId);
    // The source passed every check when it was saved; compiling it again cannot fail on it.
    const { artefacts } = await compileTemplateSource(TemplateInputSchema.parse(version.source), { identity, publicUrl: deps.config.PUBLIC_URL });
    // Two processes may build the same pair at once: the first insert wins, both read it back.
    await db.templateBuild.createMany({
      data: [{ templateVersionId, organisationProfileId, compiled: artefacts as unknown as Prisma.InputJsonValue, createdAt: deps.clock.now() }],
      skipDuplicates: true,
    });
    compiled = (await db.templateBuild.findUniqueOrThrow({ where, select: { compiled: true } })).compiled as unknown as CompiledArtefacts;
  }
  const logoId = compiled.letter?.head?.logoId;
  return new CompiledTemplate(compiled, templateVersionId, { logoPng: logoId ? await logoPng(db, logoId) : null });
}

/** What a campaign's messages are rendered with: its pinned build, or the bare version (launched before builds). */
export function templateForCampaign(
  deps: BuildDeps,
  campaign: { templateVersionId: number; organisationProfileId: number | null },
): Promise<CompiledTemplate> {
  return campaign.organisationProfileId === null
    ? loadCompiledTemplate(deps.db, campaign.templateVersionId)
    : loadTemplateBuild(deps, campaign.templateVersionId, campaign.organisationProfileId);
}

/** The build with the settings as they are now: previews, test sends, and reviews before launch. */
export async function currentTemplateBuild(
  deps: BuildDeps & { config: IdentityConfig },
  templateVersionId: number,
): Promise<CompiledTemplate> {
  const identity = await currentIdentity(deps.db, deps.config, deps.clock.now());
  return loadTemplateBuild(deps, templateVersionId, identity.profileId);
}
