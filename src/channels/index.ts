// Public surface of the channels area. Product code wires channels through createChannels();
// the individual adapters are exported for tests and the benchmark.
export * from "./types.ts";
export { createChannels, dkimFromConfig, type ChannelConfig, type ChannelFactoryOptions, type Channels } from "./factory.ts";
export { createSmtpEmailChannel, type SmtpEmailOptions } from "./email-smtp.ts";
export { createOutboxEmailChannel, emailOutboxDir, type OutboxEmailOptions } from "./email-outbox.ts";
export { createTwilioSmsChannel, ReroutingRequestClient, type TwilioSmsOptions } from "./sms-twilio.ts";
export { createOutboxSmsChannel, smsOutboxDir, type OutboxSmsFile, type OutboxSmsOptions } from "./sms-outbox.ts";
export { DEFAULT_QUIET_HOURS, isQuietTime, nextSendTime, quietHoursFromConfig, type QuietHours } from "./quiet-hours.ts";
export { DKIM_HEADER_FIELDS, type DkimSettings } from "./mail-options.ts";
export { classifySmtpError } from "./smtp-errors.ts";
export { classifyTwilioError, TWILIO_ERROR } from "./twilio-errors.ts";
