// The review's view of how a campaign will use its channels: with channel fallback
// (first-available), which channel each member's one message is expected to go on (the same
// send-time decision, taken now, channel by channel in the campaign's order); and for letters,
// what would be printed and what the postage comes to.
import type { Campaign } from "../generated/prisma/client.ts";
import type { CampaignReview } from "../contracts/campaigns.ts";
import type { ChannelName } from "../channels/names.ts";
import { decideBatch, type Decision } from "../consent/decide.ts";
import type { Purpose } from "../consent/purposes.ts";
import { cutIntoBatches, sheetsFor } from "../letters/plan.ts";
import { estimatePostage, parsePostageTable } from "../letters/postage.ts";
import { loadRenderContexts } from "../templates/load-contexts.ts";
import { loadCompiledTemplate } from "../templates/store.ts";
import type { DryRunDeps } from "./dry-run.ts";
import { refuseWithoutMergeData } from "./merge-data.ts";

const CHUNK = 5000;

async function decisionsFor(deps: DryRunDeps, campaign: Campaign, channel: ChannelName, ids: readonly number[], at: Date): Promise<Map<number, Decision>> {
  const decisions = await decideBatch(deps.db, ids, campaign.purpose as Purpose, channel, at, {
    pseudonyms: deps.pseudonyms, newsletterId: campaign.newsletterId ?? undefined,
  });
  await refuseWithoutMergeData(deps.db, campaign.id, decisions);
  return decisions;
}

/** With first-available: members per channel their message is expected on, and those no channel reaches. */
export async function expectedSplit(deps: DryRunDeps, campaign: Campaign, ids: readonly number[], at: Date): Promise<NonNullable<CampaignReview["split"]>> {
  const channels = campaign.channels as ChannelName[];
  const split: NonNullable<CampaignReview["split"]> = { channels: Object.fromEntries(channels.map((c) => [c, 0])), none: 0 };
  for (let start = 0; start < ids.length; start += CHUNK) {
    let left = ids.slice(start, start + CHUNK);
    for (const channel of channels) {
      if (left.length === 0) break;
      const decisions = await decisionsFor(deps, campaign, channel, left, at);
      const reached = left.filter((id) => decisions.get(id)?.allowed);
      split.channels[channel]! += reached.length;
      const done = new Set(reached);
      left = left.filter((id) => !done.has(id));
    }
    split.none += left.length;
  }
  return split;
}

/**
 * What the letters come to: the letter is rendered for the first member who would get one, and
 * its page count taken for all (a letter's length varies little between members); postage from
 * LETTER_POSTAGE; print batches as the collation would cut them.
 */
export async function letterEstimate(deps: DryRunDeps, campaign: Campaign, ids: readonly number[], letters: number, at: Date): Promise<NonNullable<CampaignReview["letters"]>> {
  const { config } = deps;
  let pagesPerLetter = 0;
  for (let start = 0; start < ids.length && letters > 0 && pagesPerLetter === 0; start += CHUNK) {
    const decisions = await decisionsFor(deps, campaign, "letter", ids.slice(start, start + CHUNK), at);
    const sample = [...decisions].find(([, d]) => d.allowed)?.[0];
    if (sample === undefined) continue;
    const template = await loadCompiledTemplate(deps.db, campaign.templateVersionId);
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
