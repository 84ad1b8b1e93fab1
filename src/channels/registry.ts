// What the rest of the system needs to know about each channel, in one table. Code asks the
// registry ("does this channel have quiet hours?") instead of comparing channel names, so a
// channel added to CHANNELS gets a row here and nowhere else by default.
import { CHANNELS, type ChannelName } from "./names.ts";

export interface ChannelTraits {
  /**
   * `message`: one provider call per message (email, SMS), sent by the batch workers.
   * `batch`: many messages in one handover (letters to a print house).
   */
  mode: "message" | "batch";
  /** Campaigns may use the channel in this version. */
  deliverable: boolean;
  /** No sends in the SMS quiet hours (SMS_QUIET_START–SMS_QUIET_END, Europe/Oslo). */
  quietHours: boolean;
  /**
   * A second send of the same delivery carries the same identifier (email: the Message-ID), so a
   * receiver can recognise a duplicate. Only such channels retry an uncertain outcome by default.
   */
  resendRecognisable: boolean;
  /** The provider reports the fate of a message later (Twilio status callbacks). */
  statusReports: boolean;
}

export const CHANNEL_TRAITS: Readonly<Record<ChannelName, ChannelTraits>> = {
  email: { mode: "message", deliverable: true, quietHours: false, resendRecognisable: true, statusReports: false },
  sms: { mode: "message", deliverable: true, quietHours: true, resendRecognisable: false, statusReports: true },
  letter: { mode: "batch", deliverable: true, quietHours: false, resendRecognisable: false, statusReports: false },
};

/** Channels that campaigns can be sent on, in CHANNELS order. */
export const DELIVERABLE_CHANNELS: readonly ChannelName[] = CHANNELS.filter((c) => CHANNEL_TRAITS[c].deliverable);

export function isDeliverable(channel: ChannelName): boolean {
  return CHANNEL_TRAITS[channel].deliverable;
}

/** Deliverable channels that send one message at a time: what the batch workers deliver. */
export const MESSAGE_CHANNELS: readonly ChannelName[] = DELIVERABLE_CHANNELS.filter((c) => CHANNEL_TRAITS[c].mode === "message");
