// The consent rules as a pure function over facts already loaded, so they can be tested
// without a database and decide.ts stays a thin loader. Order of checks (first "no" wins):
//   member gone → erased/member_not_found; then, for every purpose but `service`:
//   resigned → objection → opted_out_purpose → opted_out_channel → not_subscribed;
//   then, for every purpose: no_address → address_invalid → suppressed.
import { assertNever } from "../assert.ts";
import type { ChannelName, ConsentAction, Purpose } from "./purposes.ts";

export const SKIP_REASONS = [
  "member_not_found",
  "erased",
  "resigned",
  "objection",
  "opted_out_purpose",
  "opted_out_channel",
  "not_subscribed",
  "no_address",
  "address_invalid",
  "suppressed",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/**
 * Skips decided at send time by the campaign itself, after consent allowed the message: a member
 * without a row of the campaign's merge data (src/campaigns/merge-data.ts). Consent never gives these.
 */
export const SEND_TIME_SKIP_REASONS = ["no_merge_data"] as const;
export type SendTimeSkipReason = (typeof SEND_TIME_SKIP_REASONS)[number];

export type Decision = { allowed: true; address: string } | { allowed: false; reason: SkipReason | SendTimeSkipReason };

export interface ScopeState {
  purpose: string;
  channel: string;
  newsletterId: number | null;
  action: ConsentAction;
}

export interface MemberFacts {
  status: string;
  erased: boolean;
  email: string | null;
  emailInvalidAt: Date | null;
  mobile: string | null;
  mobileInvalidAt: Date | null;
  addressLine: string | null;
  postcode: string | null;
  city: string | null;
  country: string;
  addressInvalidAt: Date | null;
  /** The member's current-state rows, merged with any erasure tombstone's restrictions. */
  states: ScopeState[];
  /** Whether the address for the channel in question is suppressed. */
  suppressed: boolean;
}

const RESTRICTIVE: ReadonlySet<ConsentAction> = new Set(["opt_out", "withdrawal", "objection"]);

/** The address the channel would use, before validity and suppression checks. */
export function channelAddress(facts: MemberFacts, channel: ChannelName): { address: string | null; invalid: boolean } {
  switch (channel) {
    case "email":
      return { address: facts.email?.trim() || null, invalid: facts.emailInvalidAt !== null };
    case "sms":
      return { address: facts.mobile?.trim() || null, invalid: facts.mobileInvalidAt !== null };
    case "letter":
      return { address: postalBlock(facts), invalid: facts.addressInvalidAt !== null };
    default:
      return assertNever(channel);
  }
}

/** The postal address block: street / postcode and place / country when abroad. No name. */
export function postalBlock(f: Pick<MemberFacts, "addressLine" | "postcode" | "city" | "country">): string | null {
  const street = f.addressLine?.trim();
  const place = [f.postcode?.trim(), f.city?.trim()].filter(Boolean).join(" ");
  if (!street || !place) return null;
  const lines = [street, place];
  if (f.country && f.country !== "NO") lines.push(f.country);
  return lines.join("\n");
}

export function evaluate(
  facts: MemberFacts | null,
  purpose: Purpose,
  channel: ChannelName,
  newsletterId: number | null = null,
): Decision {
  if (!facts) return { allowed: false, reason: "member_not_found" };
  if (facts.erased) return { allowed: false, reason: "erased" };
  if (purpose !== "service") {
    const refused = consentReason(facts, purpose, channel, newsletterId);
    if (refused) return { allowed: false, reason: refused };
  }
  const { address, invalid } = channelAddress(facts, channel);
  if (address === null) return { allowed: false, reason: "no_address" };
  if (invalid) return { allowed: false, reason: "address_invalid" };
  if (facts.suppressed) return { allowed: false, reason: "suppressed" };
  return { allowed: true, address };
}

function consentReason(facts: MemberFacts, purpose: Purpose, channel: ChannelName, newsletterId: number | null): SkipReason | null {
  if (facts.status === "resigned") return "resigned";
  const applies = (s: ScopeState) =>
    (s.purpose === "all" || s.purpose === purpose) &&
    (s.channel === "all" || s.channel === channel) &&
    (s.newsletterId === null || s.newsletterId === newsletterId);
  const relevant = facts.states.filter(applies);
  const restrictive = relevant.filter((s) => RESTRICTIVE.has(s.action));
  // "Contact me about nothing": an objection, or any refusal of all purposes on all channels.
  if (restrictive.some((s) => s.action === "objection" || (s.purpose === "all" && s.channel === "all"))) return "objection";
  if (restrictive.some((s) => s.purpose === purpose)) return "opted_out_purpose";
  if (restrictive.some((s) => s.purpose === "all")) return "opted_out_channel";
  if (purpose === "newsletter") {
    const subscribed =
      newsletterId !== null &&
      relevant.some((s) => s.purpose === "newsletter" && s.action === "opt_in" && s.newsletterId === newsletterId);
    if (!subscribed) return "not_subscribed";
  }
  return null;
}
