// One claimed sub-batch of letters: decide consent now → skip the refused → render each letter to
// its own PDF under LETTER_DIR → record it `rendered` with its pages, sheets and postcode. Letters
// are rendered one at a time (pdfkit's memory grows with a document, so never one large document),
// and collated into print batches when every letter of the campaign is rendered (collate.ts).
import { writeFileAtomic } from "../atomic-write.ts";
import type { Claim } from "../deliveries/claims.ts";
import { recordRendered, type RenderedLetter } from "../deliveries/letters.ts";
import { settleRows, type Settlement } from "../deliveries/settle.ts";
import { inLetterDir, letterPieceFile } from "../letters/files.ts";
import { sheetsFor } from "../letters/plan.ts";
import { countOutcome } from "../metrics/registry.ts";
import { MissingAddressError } from "../templates/letter.ts";
import { templateForCampaign } from "../templates/builds.ts";
import { contextsFor, fallbackOf, metricsOf, skipRefused, type CampaignForSend, type JobState, type SendDeps, type Stop } from "./send-claimed.ts";

/** Rendered letters are recorded in groups of this many (one statement each), and at the end. */
const RECORD_EVERY = 25;

export async function renderClaimedLetters(deps: SendDeps, campaign: CampaignForSend, claim: Claim, job: JobState): Promise<Stop> {
  const channel = "letter";
  const metrics = metricsOf(deps);
  const allowed = (await skipRefused(deps, campaign, channel, claim, job)).map((a) => a.row);
  if (allowed.length === 0) return null;
  const passOver = fallbackOf(campaign, channel, claim.batchNo);

  const template = await templateForCampaign(deps, campaign);
  const contexts = await contextsFor(deps, campaign, channel, allowed.map((r) => r.memberId));
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
      await writeFileAtomic(inLetterDir(deps.config.LETTER_DIR, file), pdf);
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
