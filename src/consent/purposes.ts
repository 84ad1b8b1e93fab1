// The closed vocabularies every decision and every record uses.
export const PURPOSES = ["service", "bargaining", "information", "campaign", "survey", "course", "newsletter"] as const;
export type Purpose = (typeof PURPOSES)[number];

import type { ChannelName } from "../channels/names.ts";

export { CHANNELS, isChannel, type ChannelName } from "../channels/names.ts";

/** A ledger scope: one purpose or 'all' purposes (never including `service`). */
export type PurposeScope = Purpose | "all";
/** A ledger scope: one channel or 'all' channels. */
export type ChannelScope = ChannelName | "all";

export const CONSENT_ACTIONS = ["opt_in", "opt_out", "objection", "withdrawal"] as const;
export type ConsentAction = (typeof CONSENT_ACTIONS)[number];

export const CONSENT_SOURCES = ["unsubscribe_link", "one_click", "preference_centre", "sms_stop", "staff", "import", "complaint", "mailto", "subscribe_form"] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** Purposes a member can opt out of one by one (service cannot be refused; newsletter is opt-in). */
export const OPTOUT_PURPOSES = ["bargaining", "information", "campaign", "survey", "course"] as const satisfies readonly Purpose[];

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}
