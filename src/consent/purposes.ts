// The closed vocabularies every decision and every record uses.
export const PURPOSES = ["service", "bargaining", "information", "campaign", "survey", "course", "newsletter"] as const;
export type Purpose = (typeof PURPOSES)[number];

export const CHANNELS = ["email", "sms", "letter"] as const;
export type ChannelName = (typeof CHANNELS)[number];

export function isPurpose(value: string): value is Purpose {
  return (PURPOSES as readonly string[]).includes(value);
}

export function isChannel(value: string): value is ChannelName {
  return (CHANNELS as readonly string[]).includes(value);
}
