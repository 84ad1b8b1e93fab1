// The runnable demo: synthetic members, a few opt-outs, a bargaining campaign by email and
// SMS through the local outbox, delivered by workers in this process. No outside service.
import { resolve } from "node:path";
import { emailOutboxDir } from "../channels/email-outbox.ts";
import { smsOutboxDir } from "../channels/sms-outbox.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { recordConsentEvent } from "../consent/ledger.ts";
import { pseudonymsFromConfig } from "../consent/pseudonyms.ts";
import { takeProviderEvent } from "../deliveries/provider-events.ts";
import { memberLinks } from "../consent/tokens.ts";
import type { Db } from "../db/client.ts";
import { firstRecipient } from "../deliveries/queries.ts";
import type { Logger } from "../log.ts";
import { createPipeline } from "../workers/pipeline.ts";
import { scheduleCampaign } from "../campaigns/lifecycle.ts";
import { campaignStatus, type CampaignStatus } from "../campaigns/status.ts";
import { createCampaign } from "../campaigns/store.ts";
import { ensureDemoOrganisation } from "./demo-organisation.ts";

export const DEMO_CAMPAIGN = {
  name: "Tariffoppgjøret 2026: resultat",
  purpose: "bargaining",
  audience: { rules: { all: [{ field: "status", op: "in", value: ["active", "student", "apprentice"] }] } },
  channels: ["email", "sms"],
  content: {
    email: {
      subject: "Tariffoppgjøret 2026: resultatet er klart",
      mjml: `<mjml><mj-body><mj-section><mj-column>
<mj-text font-size="22px" font-weight="bold">Tariffoppgjøret 2026</mj-text>
<mj-text>Hei {{member.firstName}},</mj-text>
<mj-text>Forhandlingene er ferdige, og resultatet skal til uravstemning. Fristen er {{formatDate data.deadline}}.</mj-text>
<mj-button href="{{data.ballotUrl}}">Les resultatet og stem</mj-button>
</mj-column></mj-section></mj-body></mjml>`,
    },
    sms: { body: "Hei {{member.firstName}}! Resultatet i tariffoppgjøret er klart. Stem innen {{formatDate data.deadline}}: {{data.ballotUrl}}" },
  },
  data: { deadline: "2026-12-10", ballotUrl: "https://budstikke.example.no/uravstemning" },
};

export interface DemoResult {
  campaignId: number;
  status: CampaignStatus;
  optedOut: number;
  outbox: { email: string; sms: string };
  unsubscribeUrl: string | null;
  seconds: number;
}

export async function runDemo(
  deps: { db: Db; config: Config; clock: Clock; logger: Logger },
  onProgress: (status: CampaignStatus) => void = () => {},
): Promise<DemoResult> {
  const { db, config, clock } = deps;
  const started = performance.now();
  // A few members say no before the campaign: two opt out of bargaining, one of SMS, and one
  // email address is suppressed after a bounce. They show up as skipped with their reasons.
  const sample = await db.member.findMany({ where: { status: "active", email: { not: null }, mobile: { not: null } }, orderBy: { id: "asc" }, take: 4, skip: 10 });
  const at = clock.now();
  const pseudonyms = pseudonymsFromConfig(config);
  for (const [i, m] of sample.entries()) {
    if (i < 2) await recordConsentEvent(db, { memberId: m.id, purpose: "bargaining", channel: "all", action: "opt_out", source: "staff", actor: "demo", at });
    else if (i === 2) await recordConsentEvent(db, { memberId: m.id, purpose: "all", channel: "sms", action: "opt_out", source: "staff", actor: "demo", at });
    else await takeProviderEvent({ db, config, pseudonyms }, { kind: "hard_bounce", source: "demo", channel: "email", address: m.email!, status: "5.1.1", at });
  }

  // Quiet hours are off for the demo: it writes to a local folder, not to anyone's phone.
  await ensureDemoOrganisation(deps);
  const pipeline = createPipeline(deps, { quietHours: null, ratePerSecond: { email: 2000, sms: 2000 }, jobConcurrency: 4 });
  try {
    const campaign = await createCampaign(db, DEMO_CAMPAIGN, clock, "demo");
    await scheduleCampaign(pipeline.lifecycle, campaign.id);
    pipeline.startWorkers();
    const deadline = Date.now() + 10 * 60_000;
    let status = await campaignStatus(db, campaign.id, clock);
    const launchDeadline = Date.now() + 60_000;
    while (status.state !== "completed" && status.state !== "paused" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      status = await campaignStatus(db, campaign.id, clock);
      onProgress(status);
      if (status.state === "scheduled" && Date.now() > launchDeadline) {
        throw new Error("the campaign was not launched within a minute: is another installation using the same Redis QUEUE_PREFIX?");
      }
    }
    const someone = await firstRecipient(db, campaign.id, "email");
    const unsubscribeUrl = someone
      ? memberLinks(config.PUBLIC_URL, config.secretKeys, { memberId: someone, purpose: "bargaining", channel: "email", campaignId: campaign.id, issuedAt: clock.now() }).unsubscribeUrl
      : null;
    return {
      campaignId: campaign.id,
      status,
      optedOut: sample.length,
      outbox: { email: resolve(emailOutboxDir(config.OUTBOX_DIR)), sms: resolve(smsOutboxDir(config.OUTBOX_DIR)) },
      unsubscribeUrl,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await pipeline.close();
  }
}
