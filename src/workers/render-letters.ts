// One claimed sub-batch of letters: decide consent now → skip the refused → render each letter to
// its own PDF under LETTER_DIR → record it `rendered` with its pages, sheets and postcode. Letters
// are rendered one at a time (pdfkit's memory grows with a document, so never one large document),
// and collated into print batches when every letter of the campaign is rendered (collate.ts).
import { join } from "node:path";
import { refuseWithoutMergeData } from "../campaigns/merge-data.ts";
import { decideBatch } from "../consent/decide.ts";
import { writeFileAtomic } from "../atomic-write.ts";
import type { Claim, ClaimedRow } from "../deliveries/claims.ts";
import { recordRendered, type RenderedLetter } from "../deliveries/letters.ts";
import { settleRows, type Settlement } from "../deliveries/settle.ts";
import { letterPieceFile } from "../letters/files.ts";
import { sheetsFor } from "../letters/plan.ts";
import { countOutcome, processMetrics } from "../metrics/registry.ts";
import { MissingAddressError } from "../templates/letter.ts";
import { loadRenderContexts } from "../templates/load-contexts.ts";
import { loadCompiledTemplate } from "../templates/store.ts";
import { fallbackOf, passesOver, type CampaignForSend, type JobState, type SendDeps, type Stop } from "./send-claimed.ts";

/** Rendered letters are recorded in groups of this many (one statement each), and at the end. */
const RECORD_EVERY = 25;

export async function renderClaimedLetters(deps: SendDeps, campaign: CampaignForSend, claim: Claim, job: JobState): Promise<Stop> {
  const channel = "letter";
  const metrics = deps.metrics ?? processMetrics();
  const decisions = await decideBatch(deps.sql, claim.rows.map((r) => r.memberId), campaign.purpose, channel, deps.clock.now(), {
    pseudonyms: deps.pseudonyms,
    newsletterId: campaign.newsletterId ?? undefined,
  });
  // A member without a merge row is skipped no_merge_data (as in send-claimed.ts): never a letter with an empty value.
  await refuseWithoutMergeData(deps.sql, campaign.id, decisions);
  const skips: Settlement[] = [];
  const allowed: ClaimedRow[] = [];
  for (const row of claim.rows) {
    const decision = decisions.get(row.memberId) ?? { allowed: false as const, reason: "member_not_found" as const };
    if (decision.allowed) allowed.push(row);
    else skips.push({ id: row.id, token: claim.token, status: "skipped", reason: decision.reason, giveBackAttempt: true, passOver: passesOver(decision.reason) });
  }
  const passOver = fallbackOf(campaign, channel, claim.batchNo);
  const skipped = await settleRows(deps.sql, skips, passOver);
  job.tally.skipped += skipped;
  countOutcome(metrics, channel, "skipped", skipped);
  for (const s of skips) job.lease.release(s.id);
  if (allowed.length === 0) return null;

  const template = await loadCompiledTemplate(deps.db, campaign.templateVersionId);
  const contexts = await loadRenderContexts(deps.sql, allowed.map((r) => r.memberId), {
    campaignName: campaign.name, data: campaign.data, purpose: campaign.purpose, channel,
    campaignId: campaign.id, newsletterId: campaign.newsletterId, config: deps.config, issuedAt: deps.clock.now(),
  });
  let rendered: RenderedLetter[] = [];
  const flush = async () => {
    const recorded = await recordRendered(deps.sql, claim.token, rendered);
    for (const letter of rendered) job.lease.release(letter.id);
    job.tally.sent += recorded.size;
    countOutcome(metrics, channel, "sent", recorded.size);
    rendered = [];
  };
  for (const row of allowed) {
    const loaded = contexts.get(row.memberId);
    const failure = (status: "skipped" | "failed", reason: string): Settlement => ({ id: row.id, token: claim.token, status, reason, giveBackAttempt: true, passOver: status === "skipped" });
    if (!loaded) {
      await settleRows(deps.sql, [failure("failed", "member_not_found")]);
      job.lease.release(row.id);
      job.tally.failed++;
      continue;
    }
    try {
      const { pdf, pages } = await template.buildPrintBatch([{ memberNumber: loaded.memberNumber, context: loaded.context }], { clock: deps.clock });
      const file = letterPieceFile(campaign.id, row.id);
      await writeFileAtomic(join(deps.config.LETTER_DIR, file), pdf);
      rendered.push({ id: row.id, pages, sheets: sheetsFor(pages, deps.config.LETTER_DUPLEX), file });
    } catch (error) {
      // The consent check saw an address; the renderer did not (it changed in between): a skip.
      const settled = error instanceof MissingAddressError ? failure("skipped", "no_address") : failure("failed", "render_error");
      if (settled.status === "failed") deps.logger.error({ campaignId: campaign.id, deliveryId: String(row.id), err: (error as Error).name }, "could not render the letter");
      await settleRows(deps.sql, [settled], passOver);
      job.lease.release(row.id);
      if (settled.status === "failed") job.tally.failed++;
      else job.tally.skipped++;
      continue;
    }
    if (rendered.length >= RECORD_EVERY) await flush();
  }
  await flush();
  return null;
}
