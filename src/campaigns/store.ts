// Creating and reading campaigns. A campaign pins exact versions: the template version it
// renders and the segment version it targets (or its own ad-hoc rules).
import { DomainError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { recordAudit } from "../audit/record.ts";
import { scopeOf, systemActor, type Actor } from "../auth/actor.ts";
import { Prisma, type Campaign } from "../generated/prisma/client.ts";
import { validateRule } from "../segments/rules.ts";
import { saveTemplate } from "../templates/store.ts";
import { CampaignInputError, parseCampaignDefinition, type CampaignDefinition } from "./definition.ts";

export class CampaignNotFoundError extends DomainError {
  readonly campaignId: number;
  constructor(campaignId: number) {
    super("not_found", `no campaign with id ${campaignId}`);
    this.name = "CampaignNotFoundError";
    this.campaignId = campaignId;
  }
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** The columns a campaign definition resolves to (audience, template version, data). */
export interface ResolvedDefinition {
  definition: CampaignDefinition;
  data: Pick<Prisma.CampaignUncheckedCreateInput, "name" | "purpose" | "channels" | "channelMode" | "templateVersionId" | "segmentVersionId" | "newsletterId" | "data" | "definition"> & {
    audienceRules: Prisma.InputJsonValue | typeof Prisma.DbNull;
    /** The audience is the uploaded list (src/campaigns/audience-list.ts). */
    audienceList: boolean;
  };
}

/**
 * Validates a campaign definition and resolves it: the segment version (or checked rules) and
 * the template version (inline content is saved as a template here, with the template checks).
 */
export async function resolveDefinition(db: Db, input: unknown, clock: Clock): Promise<ResolvedDefinition> {
  const definition = parseCampaignDefinition(input);
  const audience = await resolveAudience(db, definition);
  const templateVersionId = await resolveTemplate(db, definition, clock);
  return {
    definition,
    data: {
      name: definition.name,
      purpose: definition.purpose,
      channels: definition.channels,
      channelMode: definition.channelMode === "first-available" ? "first_available" : "all",
      templateVersionId,
      segmentVersionId: audience.segmentVersionId,
      audienceRules: audience.rules === undefined ? Prisma.DbNull : json(audience.rules),
      newsletterId: definition.newsletterId ?? null,
      audienceList: "list" in definition.audience,
      data: json(definition.data),
      definition: json(input),
    },
  };
}

/**
 * Creates a draft campaign. A user actor is recorded as its creator, and a steward's scope
 * is stored with it: every count and snapshot of the campaign stays inside that scope.
 * Permissions are the caller's business (src/campaigns/service.ts); a plain string names a
 * system actor (kept for the demo and tests).
 */
export async function createCampaign(db: Db, input: unknown, clock: Clock, actor: Actor | string = "cli"): Promise<Campaign> {
  const who = typeof actor === "string" ? systemActor(actor) : actor;
  const resolved = await resolveDefinition(db, input, clock);
  const scope = scopeOf(who);
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.create({
      data: {
        ...resolved.data,
        state: "draft",
        // The planned time; `campaign schedule` uses --at, or sends now without it.
        sendAt: resolved.definition.sendAt ? new Date(resolved.definition.sendAt) : null,
        createdBy: who.kind === "user" ? who.id : null,
        audienceScope: scope === null ? Prisma.DbNull : json(scope),
        createdAt: clock.now(),
        updatedAt: clock.now(),
      },
    });
    await recordAudit(tx, who, clock.now(), {
      action: "campaign.create", targetType: "campaign", targetId: campaign.id,
      details: { state: "draft", purpose: campaign.purpose, channels: campaign.channels, scoped: scope !== null },
    });
    return campaign;
  });
}

async function resolveAudience(db: Db, definition: CampaignDefinition): Promise<{ segmentVersionId: number | null; rules?: unknown }> {
  // ── uploaded audience: no segment and no rules; the list is attached after creation ──
  if ("list" in definition.audience) return { segmentVersionId: null };
  if ("rules" in definition.audience) {
    const checked = validateRule(definition.audience.rules);
    if (!checked.ok) throw new CampaignInputError(checked.issues.map((i) => `audience.rules.${i.path}: ${i.message}`));
    return { segmentVersionId: null, rules: checked.rule };
  }
  // ── newsletters: subscribers of a newsletter, optionally ∩ the latest version of a segment ──
  if ("subscribersOf" in definition.audience) {
    const { subscribersOf, segmentId } = definition.audience;
    if (!(await db.newsletter.findUnique({ where: { id: subscribersOf } }))) throw new CampaignInputError([`audience.subscribersOf: no newsletter ${subscribersOf}`]);
    if (segmentId === undefined) return { segmentVersionId: null };
    const latest = await db.segmentVersion.findFirst({ where: { segmentId }, orderBy: { version: "desc" } });
    if (!latest) throw new CampaignInputError([`audience.segmentId: no segment ${segmentId}`]);
    return { segmentVersionId: latest.id };
  }
  // ── end newsletters ──
  const { segmentId, version } = definition.audience;
  const found = await db.segmentVersion.findFirst({
    where: { segmentId, ...(version ? { version } : {}) },
    orderBy: { version: "desc" },
  });
  if (!found) throw new CampaignInputError([`audience.segmentId: no segment ${segmentId}${version ? ` version ${version}` : ""}`]);
  return { segmentVersionId: found.id };
}

/** Inline letter content: `{returnLine, place, body}` or `{returnLine, place, nb: {body}, …}`. */
function inlineLetter(letter: unknown): unknown {
  if (!letter || typeof letter !== "object" || "nb" in letter) return letter;
  const { returnLine, place, ...variant } = letter as Record<string, unknown>;
  return { returnLine, place, nb: variant };
}

async function resolveTemplate(db: Db, definition: CampaignDefinition, clock: Clock): Promise<number> {
  if (definition.content) {
    // Inline content is a one-language template ({"email": {"subject", "mjml"}, "sms": {"body"},
    // "letter": {"returnLine", "place", "body"}}),
    // saved through the template code so it gets exactly the same checks.
    const asVariants = (v: unknown) => (v && typeof v === "object" && "nb" in v ? v : { nb: v });
    const content = definition.content;
    const missing = definition.channels.filter((c) => !content[c]);
    if (missing.length) throw new CampaignInputError([`content: has no ${missing.join(" or ")} content for the campaign's channels`]);
    const saved = await saveTemplate(
      db,
      {
        name: definition.name,
        purpose: definition.purpose,
        sampleData: definition.data,
        ...(content.email ? { email: asVariants(content.email) } : {}),
        ...(content.sms ? { sms: asVariants(content.sms) } : {}),
        // A letter carries its return line and place beside the language variants.
        ...(content.letter ? { letter: inlineLetter(content.letter) } : {}),
      },
      clock,
    );
    return saved.templateVersionId;
  }
  const template = await db.template.findUnique({ where: { id: definition.templateId! } });
  if (!template) throw new CampaignInputError([`templateId: no template ${definition.templateId}`]);
  if (template.purpose !== definition.purpose) {
    throw new CampaignInputError([`templateId: the template's purpose is ${template.purpose}, the campaign's is ${definition.purpose}`]);
  }
  const version = await db.templateVersion.findUniqueOrThrow({
    where: { templateId_version: { templateId: template.id, version: template.latestVersion } },
  });
  const compiled = version.compiled as Record<string, unknown>;
  const missing = definition.channels.filter((c) => !compiled[c]);
  if (missing.length) throw new CampaignInputError([`templateId: the template has no ${missing.join(" or ")} content`]);
  return version.id;
}

export async function getCampaign(db: Db, id: number): Promise<Campaign> {
  const campaign = await db.campaign.findUnique({ where: { id } });
  if (!campaign) throw new CampaignNotFoundError(id);
  return campaign;
}
