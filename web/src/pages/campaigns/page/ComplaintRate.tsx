// Spam complaints (ARF reports) per email sent, for campaigns with email. Gmail and Yahoo start
// filtering a sender above 0.1 % and refuse it near 0.3 %; the server decides the level (and
// pauses the campaign itself at "pause"), this only says what the level means and what to do.
import { Alert, Stack, Text } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { WARNING_STYLES } from "../review/ReadableColours.tsx";
import type { CampaignStatus } from "./types.ts";

const texts = defineTexts({
  nb: {
    line: (count: string, rate: string | null) => (rate === null ? `Spamklager: ${count}` : `Spamklager: ${count} (${rate})`),
    limits: (warn: string, pause: string) => `Gmail og Yahoo krever under ${warn}. Over ${pause} setter kampanjen seg selv på pause.`,
    warnTitle: "Mange melder e-posten som spam",
    warnBody: (warn: string, pause: string) =>
      `Over ${warn} av e-postene er meldt som spam. Over denne grensen begynner e-postleverandører som Gmail og Yahoo å sortere ` +
      `e-post fra forbundet som søppelpost, også hos medlemmer som ikke klaget. Over ${pause} setter kampanjen seg selv på pause.`,
    pausedTitle: "Kampanjen satte seg selv på pause",
    pausedBody: (pause: string) =>
      `Over ${pause} av e-postene er meldt som spam, så sendingen stoppet før e-postleverandørene begynner å avvise e-post fra forbundet. ` +
      "Se på innholdet og målgruppen før du fortsetter: Er e-posten relevant for alle som får den, og venter de e-post om dette fra oss? " +
      "Fortsetter du uten endringer, kan mer e-post fra forbundet havne i søppelpost. Er noe galt, avbryt kampanjen og send en rettet utgave til en smalere målgruppe.",
    overTitle: "For mange melder e-posten som spam",
    overBody: (pause: string) =>
      `Over ${pause} av e-postene er meldt som spam. Da begynner e-postleverandørene å avvise e-post fra forbundet. ` +
      "Se på innholdet og målgruppen før neste utsending.",
  },
  en: {
    line: (count: string, rate: string | null) => (rate === null ? `Spam complaints: ${count}` : `Spam complaints: ${count} (${rate})`),
    limits: (warn: string, pause: string) => `Gmail and Yahoo require under ${warn}. Above ${pause} the campaign pauses itself.`,
    warnTitle: "Many are reporting the email as spam",
    warnBody: (warn: string, pause: string) =>
      `Over ${warn} of the emails have been reported as spam. Above this limit mailbox providers such as Gmail and Yahoo start ` +
      `filtering the union's email into spam, also for members who did not complain. Above ${pause} the campaign pauses itself.`,
    pausedTitle: "The campaign paused itself",
    pausedBody: (pause: string) =>
      `Over ${pause} of the emails have been reported as spam, so sending stopped before mailbox providers start refusing the union's email. ` +
      "Look at the content and the audience before you resume: is the email relevant to everyone who gets it, and do they expect email about this from us? " +
      "Resuming unchanged can send more of the union's email to spam. If something is wrong, cancel the campaign and send a corrected version to a narrower audience.",
    overTitle: "Too many are reporting the email as spam",
    overBody: (pause: string) =>
      `Over ${pause} of the emails have been reported as spam. Mailbox providers then start refusing the union's email. ` +
      "Look at the content and the audience before the next send.",
  },
});

export function ComplaintRate({ status }: { status: CampaignStatus }) {
  const t = useTexts(texts);
  const format = useFormat();
  if (!("email" in status.channels)) return null;
  // The limits as this server is configured (COMPLAINT_WARN_RATE, COMPLAINT_PAUSE_RATE).
  const { count, rate, level, warnAbove, pauseAbove } = status.complaints;
  const warn = format.percent(warnAbove);
  const pause = format.percent(pauseAbove);
  const paused = status.state === "paused";
  return (
    <Stack gap={6}>
      <div>
        <Text fw={500}>{t.line(format.number(count), rate === null ? null : format.finePercent(rate))}</Text>
        <Text size="xs" c="gray.7">
          {t.limits(warn, pause)}
        </Text>
      </div>
      {/* The texts hold no live numbers: the status comes every second, and a live region would be read out again. */}
      {level === "warn" && (
        <Alert color="yellow" variant="light" role="status" title={t.warnTitle} styles={WARNING_STYLES}>
          {t.warnBody(warn, pause)}
        </Alert>
      )}
      {level === "pause" && (
        // The red title on its tint is under 4.5:1 as well: the same dark title as the yellow.
        <Alert color="red" variant="light" role="alert" title={paused ? t.pausedTitle : t.overTitle} styles={WARNING_STYLES}>
          {paused ? t.pausedBody(pause) : t.overBody(pause)}
        </Alert>
      )}
    </Stack>
  );
}
