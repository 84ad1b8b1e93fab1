// The one vocabulary of channels, used by every area (consent, templates, queues, deliveries).
// Switches over a channel name end in assertNever, so a channel added here does not compile
// until every place that must handle it does.
export const CHANNELS = ["email", "sms", "letter"] as const;
export type ChannelName = (typeof CHANNELS)[number];

export function isChannel(value: string): value is ChannelName {
  return (CHANNELS as readonly string[]).includes(value);
}
