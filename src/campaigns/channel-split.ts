// The review's view of how a campaign will use its channels: with channel fallback
// (first-available), which channel each member's one message is expected to go on (from the
// review's send-time decisions per channel, in the campaign's order); and for letters, what would
// be printed and what the postage comes to.
import type { Campaign } from "../generated/prisma/client.ts";
import type { CampaignReview } from "../contracts/campaigns.ts";
import type { Purpose } from "../consent/purposes.ts";
import { cutIntoBatches, sheetsFor } from "../letters/plan.ts";
import { estimatePostage, parsePostageTable } from "../letters/postage.ts";
import { loadRenderContexts } from "../templates/load-contexts.ts";
import { currentTemplateBuild, templateForCampaign } from "../templates/builds.ts";
import type { DryRunDeps } from "./dry-run.ts";

/** Under first-available: each member's channel, the first of the campaign's channels that allows them (null: none does). */
export function firstAvailable(channels: readonly string[], allowed: ReadonlyMap<string, ReadonlySet<number>>): (memberId: number) => string | null {
  return (memberId) => channels.find((c) => allowed.get(c)?.has(memberId)) ?? null;
}

/** With first-available: members per channel their message is expected on, and those no channel reaches. */
export function expectedSplit(channels: readonly string[], ids: readonly number[], first: (memberId: number) => string | null): NonNullable<CampaignReview["split"]> {
  const split: NonNullable<CampaignReview["split"]> = { channels: Object.fromEntries(channels.map((c) => [c, 0])), none: 0 };
  for (const id of ids) {
    const channel = first(id);
    if (channel === null) split.none++;
    else split.channels[channel]!++;
  }
  return split;
}

/**
 * What the letters come to: the letter is rendered for `sample` (the first member who would get
 * one) and its page count taken for all (a letter's length varies little between members);
 * postage from LETTER_POSTAGE; print batches as the collation would cut them.
 */
export async function letterEstimate(
  deps: DryRunDeps, campaign: Campaign, sample: number | undefined, letters: number, at: Date,
): Promise<NonNullable<CampaignReview["letters"]>> {
  const { config } = deps;
  let pagesPerLetter = 0;
  if (sample !== undefined && letters > 0) {
    // Before launch: the settings as they are now; after: the ones the campaign launched with.
    const template = campaign.organisationProfileId === null ? await currentTemplateBuild(deps, campaign.templateVersionId) : await templateForCampaign(deps, campaign);
    const loaded = (await loadRenderContexts(deps.db, [sample], {
      campaignName: campaign.name, data: campaign.data as Record<string, unknown>, purpose: campaign.purpose as Purpose, channel: "letter",
      campaignId: campaign.id, newsletterId: campaign.newsletterId, config, issuedAt: at,
    })).get(sample);
    if (loaded) pagesPerLetter = (await template.buildPrintBatch([{ memberNumber: loaded.memberNumber, context: loaded.context }], { clock: deps.clock })).pages;
  }
  const sheets = sheetsFor(pagesPerLetter, config.LETTER_DUPLEX);
  const batches = cutIntoBatches(Array.from({ length: pagesPerLetter > 0 ? letters : 0 }, () => ({ pages: pagesPerLetter })), config.LETTER_BATCH_MAX_PAGES);
  return {
    letters,
    pagesPerLetter,
    pages: letters * pagesPerLetter,
    sheets: letters * sheets,
    postage: estimatePostage(new Map([[sheets, letters]]), parsePostageTable(config.LETTER_POSTAGE)).total,
    printBatches: batches.length,
    bulkMinimum: config.LETTER_BULK_MINIMUM,
    belowBulkMinimum: batches.some((b) => b.length < config.LETTER_BULK_MINIMUM),
  };
}
