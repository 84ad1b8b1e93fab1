// Builds render contexts for a batch of members in ONE query (member, primary employment,
// municipality and county names). The worker calls this per batch, never per member.
import type { Config } from "../config.ts";
import type { ChannelName, Purpose } from "../consent/purposes.ts";
import { linksFor, signToken } from "../consent/tokens.ts";
import type { Sql } from "../db/sql.ts";
import { PREVIEW_MERGE, type LetterAddress, type RenderContext } from "./context.ts";
import { LANGUAGES, type Language } from "./schema.ts";

export interface LoadContextOptions {
  campaignName: string;
  data: Record<string, unknown>;
  purpose: Purpose;
  channel: ChannelName;
  /** null for previews and other messages outside a campaign. */
  campaignId: number | null;
  /** For purpose `newsletter`: the newsletter the unsubscribe link leaves. */
  newsletterId?: number | null;
  config: Pick<Config, "PUBLIC_URL" | "secretKeys">;
  /** When the links are issued (the clock's now): a link's age limits what it may do. */
  issuedAt: Date;
}

export interface LoadedContext {
  memberNumber: string;
  context: RenderContext;
  /** The member's signed link token (the one in context.links), for the message's own headers. */
  token: string;
}

interface Row {
  id: number;
  member_number: string;
  first_name: string;
  last_name: string;
  language: string;
  address_line: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  address_invalid_at: Date | null;
  employer_name: string | null;
  workplace: string | null;
  municipality_name: string | null;
  county_name: string | null;
  // ── merge data ──
  merge: Record<string, string> | null;
  merge_required: boolean;
}

// The member primary key drives the lookup; the partial unique index on primary employment
// (at most one per member) keeps the LEFT JOIN to one row per member.
const CONTEXT_SQL = `
  SELECT m.id, m.member_number, m.first_name, m.last_name, m.language::text AS language,
         m.address_line, m.postcode, m.city, m.country, m.address_invalid_at,
         e.employer_name, e.workplace, mu.name AS municipality_name, c.name AS county_name,
         mr.data AS merge,
         EXISTS (SELECT 1 FROM campaign k WHERE k.id = $2::int AND cardinality(k.merge_columns) > 0) AS merge_required
  FROM member m
  LEFT JOIN employment e ON e.member_id = m.id AND e.is_primary
  LEFT JOIN municipality mu ON mu.number = m.municipality_number
  LEFT JOIN county c ON c.number = m.county_number
  -- Merge data (src/campaigns/merge-data.ts): its primary key (campaign_id, member_id).
  LEFT JOIN campaign_merge_row mr ON mr.campaign_id = $2::int AND mr.member_id = m.id
  WHERE m.id = ANY($1::int[])`;

/** Contexts keyed by member id, in the order of `memberIds`; unknown ids are absent. */
export async function loadRenderContexts(
  db: Sql,
  memberIds: readonly number[],
  options: LoadContextOptions,
): Promise<Map<number, LoadedContext>> {
  const result = new Map<number, LoadedContext>();
  if (memberIds.length === 0) return result;
  const rows = await db.$queryRawUnsafe<Row[]>(CONTEXT_SQL, [...memberIds], options.campaignId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of memberIds) {
    const row = byId.get(id);
    if (!row || result.has(id)) continue;
    // ── merge data: a member whose row is gone (the campaign was cancelled meanwhile) gets no message, never an empty link ──
    if (row.merge_required && row.merge === null) continue;
    const token = signToken(options.config.secretKeys, {
      memberId: row.id, purpose: options.purpose, channel: options.channel, campaignId: options.campaignId, issuedAt: options.issuedAt,
      ...(options.newsletterId != null ? { newsletterId: options.newsletterId } : {}),
    });
    result.set(id, { memberNumber: row.member_number, context: contextFromRow(row, options, token), token });
  }
  return result;
}

function contextFromRow(row: Row, options: LoadContextOptions, token: string): RenderContext {
  const language: Language = (LANGUAGES as readonly string[]).includes(row.language) ? (row.language as Language) : "nb";
  const fullName = `${row.first_name} ${row.last_name}`.trim();
  const links = linksFor(options.config.PUBLIC_URL, token);
  const context: RenderContext = {
    member: { firstName: row.first_name, lastName: row.last_name, fullName, language },
    employment: { employerName: row.employer_name ?? "", workplace: row.workplace ?? "" },
    geo: { municipalityName: row.municipality_name ?? "", countyName: row.county_name ?? "" },
    campaign: { name: options.campaignName },
    links,
    data: options.data,
    // ── merge data: a preview outside a campaign shows where each value goes ──
    merge: options.campaignId === null ? PREVIEW_MERGE : (row.merge ?? {}),
  };
  const address = postalAddress(row, fullName);
  if (address) context.address = address;
  return context;
}

const COUNTRY_NAMES: Record<string, string> = { SE: "SVERIGE", DK: "DANMARK", FI: "FINLAND", DE: "TYSKLAND", GB: "STORBRITANNIA", PL: "POLEN" };

/** Norwegian style: name / street / "postcode PLACE"; the country last when abroad. None if unusable. */
function postalAddress(row: Row, name: string): LetterAddress | undefined {
  if (row.address_invalid_at || !row.address_line?.trim() || !row.postcode) return undefined;
  const lines = [row.address_line.trim(), `${row.postcode} ${(row.city ?? "").trim().toLocaleUpperCase("nb-NO")}`.trim()];
  if (row.country && row.country !== "NO") lines.push(COUNTRY_NAMES[row.country] ?? row.country);
  return { name, lines };
}
