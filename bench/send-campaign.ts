// The benchmark's campaign and the messages of its raw ceiling. The ceiling sends messages
// rendered from the very same template version, for real members, with the same headers, so
// both halves of the benchmark put identical bytes on the wire.
import type { EmailMessage } from "../src/channels/types.ts";
import type { Campaign } from "../src/generated/prisma/client.ts";
import type { Config } from "../src/config.ts";
import type { Purpose } from "../src/consent/purposes.ts";
import type { Db } from "../src/db/client.ts";
import { loadRenderContexts } from "../src/templates/load-contexts.ts";
import { loadCompiledTemplate } from "../src/templates/store.ts";
import { composeEmail } from "../src/workers/compose.ts";
import { DEMO_CAMPAIGN } from "../src/cli/demo.ts";

/** Email only, to every member with an address; resigned members are in it and get skipped. */
export const BENCH_CAMPAIGN = {
  name: "Benchmark: informasjon til alle medlemmer",
  purpose: "information",
  audience: { rules: { field: "contact.email", op: "exists", value: true } },
  channels: ["email"],
  // The demo's email, so the benchmark measures what a real campaign renders.
  content: { email: DEMO_CAMPAIGN.content.email },
  data: DEMO_CAMPAIGN.data,
};

/** Renders the campaign's email for `count` real members (the ceiling reuses them round-robin). */
export async function renderCeilingMessages(db: Db, config: Config, campaign: Campaign, count = 500): Promise<EmailMessage[]> {
  const members = await db.$queryRawUnsafe<Array<{ id: number; email: string }>>(
    `SELECT id, email FROM member WHERE email IS NOT NULL ORDER BY id LIMIT $1`,
    count,
  );
  const template = await loadCompiledTemplate(db, campaign.templateVersionId);
  const purpose = campaign.purpose as Purpose;
  const contexts = await loadRenderContexts(db, members.map((m) => m.id), {
    campaignName: campaign.name,
    data: (campaign.data ?? {}) as Record<string, unknown>,
    purpose,
    channel: "email",
    campaignId: campaign.id,
    newsletterId: campaign.newsletterId,
    config,
    issuedAt: new Date(),
  });
  return members.map((m, i) =>
    composeEmail(template, { deliveryId: BigInt(i + 1), campaignId: campaign.id, memberId: m.id, purpose, address: m.email, context: contexts.get(m.id)!.context, token: contexts.get(m.id)!.token }, config),
  );
}

/** Rough size on the wire of a rendered message (the sink reports no sizes in `none` mode). */
export function approximateBytes(message: EmailMessage): number {
  const headers = Object.entries(message.headers).reduce((s, [k, v]) => s + k.length + v.length + 4, 0);
  return Buffer.byteLength(message.html) + Buffer.byteLength(message.text) + Buffer.byteLength(message.subject) + headers;
}
