// What a campaign would do if it were sent now, from the server's dry run: recipients and the
// reasons members are skipped, per channel; the approval rule that applies; the send time in
// Oslo time with the SMS quiet hours. Shown to the author before sending and to the approver.
import { Alert, Anchor, Badge, Group, List, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { QueryState } from "../../../components/QueryState.tsx";
import { useFormat, type Formatter } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { ExpectedSplit, LetterEstimate } from "./LettersReview.tsx";
import { WARNING_STYLES } from "./ReadableColours.tsx";
import { reviewChannels, reviewQuery, type CampaignReview as Review } from "./reviewQuery.ts";

const texts = defineTexts({
  nb: {
    recipients: "Mottakere",
    audience: (n: string, at: string) => `Målgruppen har ${n} medlemmer nå (beregnet ${at}). Samtykke, reservasjoner og adresser er sjekket slik de ville blitt ved utsending.`,
    segment: "Segment",
    ownRules: "Målgruppe: egne regler for denne kampanjen",
    template: "Mal",
    version: (version: number) => `(versjon ${version})`,
    channelHeading: (channel: string, n: string) => `${channel}: ${n} mottakere`,
    skippedCaption: (channel: string) => `${channel}: hoppes over, etter årsak`,
    reason: "Årsak",
    count: "Antall",
    skippedTotal: "Hoppes over i alt",
    noneSkipped: "Ingen hoppes over.",
    approval: "Godkjenning",
    required: "Kampanjen må godkjennes av en annen person før den kan sendes:",
    approvedFor: (n: string) => `Godkjent for ${n} mottakere. Godkjenning var nødvendig fordi:`,
    notRequired: (n: string, threshold: string) => `Trenger ikke godkjenning: ${n} mottakere er ikke over grensen på ${threshold}, og formålet krever det ikke.`,
    why: {
      threshold: (n: string, threshold: string) => `${n} medlemmer er over grensen på ${threshold}`,
      bargaining: () => "tariffoppgjør krever alltid godkjenning",
      steward: () => "kampanjer fra tillitsvalgte krever alltid godkjenning",
      requested: () => "forfatteren ba selv om godkjenning",
    },
    state: "Status",
    submitted: (n: string) => `Sendt til godkjenning for ${n} mottakere.`,
    drift: (approved: string, now: string) => `Godkjent for ${approved} mottakere, nå ${now}`,
    driftDetail: "Målgruppen har endret seg siden godkjenningen, så utsendingen ble stoppet. Den må godkjennes på nytt.",
    schedule: "Tidspunkt",
    sendAt: (at: string) => `Sendes ${at} (tid i Norge).`,
    sendNow: "Sendes med en gang den planlegges.",
    quiet: (start: string, end: string) => `SMS sendes ikke mellom ${start} og ${end}; meldinger venter til ${end}.`,
    inQuiet: (end: string) => `Tidspunktet er i stilletiden for SMS: SMS-ene venter til ${end}. E-post sendes som planlagt.`,
  },
  en: {
    recipients: "Recipients",
    audience: (n: string, at: string) => `The audience has ${n} members now (counted ${at}). Consent, opt-outs and addresses are checked as they would be at sending.`,
    segment: "Segment",
    ownRules: "Audience: this campaign's own rules",
    template: "Template",
    version: (version: number) => `(version ${version})`,
    channelHeading: (channel: string, n: string) => `${channel}: ${n} recipients`,
    skippedCaption: (channel: string) => `${channel}: skipped, by reason`,
    reason: "Reason",
    count: "Count",
    skippedTotal: "Skipped in total",
    noneSkipped: "Nobody is skipped.",
    approval: "Approval",
    required: "Another person must approve the campaign before it can be sent:",
    approvedFor: (n: string) => `Approved for ${n} recipients. Approval was needed because:`,
    notRequired: (n: string, threshold: string) => `No approval needed: ${n} recipients is not above the threshold of ${threshold}, and the purpose does not require it.`,
    why: {
      threshold: (n: string, threshold: string) => `${n} members is above the threshold of ${threshold}`,
      bargaining: () => "collective bargaining always needs approval",
      steward: () => "shop stewards' campaigns always need approval",
      requested: () => "the author asked for approval",
    },
    state: "State",
    submitted: (n: string) => `Submitted for approval with ${n} recipients.`,
    drift: (approved: string, now: string) => `Approved for ${approved} recipients, now ${now}`,
    driftDetail: "The audience has changed since it was approved, so sending was stopped. It must be approved again.",
    schedule: "Send time",
    sendAt: (at: string) => `Sends ${at} (time in Norway).`,
    sendNow: "Sends as soon as it is scheduled.",
    quiet: (start: string, end: string) => `SMS are not sent between ${start} and ${end}; messages wait until ${end}.`,
    inQuiet: (end: string) => `The time is within the SMS quiet hours: the SMS wait until ${end}. Email goes as planned.`,
  },
});
type T = (typeof texts)["nb"];

export function CampaignReview({ campaignId }: { campaignId: number }) {
  const query = useQuery(reviewQuery(campaignId));
  return <QueryState query={query}>{(review) => <ReviewBody review={review} />}</QueryState>;
}

function ReviewBody({ review }: { review: Review }) {
  const t = useTexts(texts);
  const format = useFormat();
  return (
    <Stack gap="lg">
      <Recipients review={review} t={t} format={format} />
      <Approval review={review} t={t} format={format} />
      <Schedule review={review} t={t} format={format} />
    </Stack>
  );
}

interface SectionProps {
  review: Review;
  t: T;
  format: Formatter;
}

function Recipients({ review, t, format }: SectionProps) {
  const { label } = useVocabulary();
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">{t.recipients}</Title>
      <Text>{t.audience(format.number(review.audience), format.dateTime(review.evaluatedAt))}</Text>
      <Group gap="lg">
        <Text size="sm">
          {review.segment ? (
            <>
              {t.segment}: <Anchor component={Link} to={`/segments/${review.segment.id}`}>{review.segment.name}</Anchor> {t.version(review.segment.version)}
            </>
          ) : (
            t.ownRules
          )}
        </Text>
        <Text size="sm">
          {t.template}: <Anchor component={Link} to={`/templates/${review.template.templateId}`}>{review.template.name}</Anchor> {t.version(review.template.version)}
        </Text>
      </Group>
      <ExpectedSplit review={review} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {reviewChannels(review).map((c) => (
          <Stack key={c.channel} gap="xs">
            <Title order={3} size="h4">{t.channelHeading(label("channel", c.channel), format.number(c.recipients))}</Title>
            {c.skipped === 0 ? (
              <Text size="sm">{t.noneSkipped}</Text>
            ) : (
              <Table withTableBorder striped captionSide="top">
                <Table.Caption ta="left">{t.skippedCaption(label("channel", c.channel))}</Table.Caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t.reason}</Table.Th>
                    <Table.Th scope="col" ta="right">{t.count}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {Object.entries(c.skippedByReason)
                    .sort(([, a], [, b]) => b - a)
                    .map(([reason, n]) => (
                      <Table.Tr key={reason}>
                        <Table.Td>{label("skipReason", reason)}</Table.Td>
                        <Table.Td ta="right">{format.number(n)}</Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr>
                    <Table.Th scope="row">{t.skippedTotal}</Table.Th>
                    <Table.Td ta="right" fw={700}>{format.number(c.skipped)}</Table.Td>
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            )}
          </Stack>
        ))}
      </SimpleGrid>
      <LetterEstimate review={review} />
    </Stack>
  );
}

function Approval({ review, t, format }: SectionProps) {
  const { label } = useVocabulary();
  const a = review.approval;
  const n = format.number(review.audience);
  const threshold = format.number(a.threshold);
  const approved = a.approvedCount !== null && (a.state === "approved" || a.state === "scheduled");
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">{t.approval}</Title>
      <Group gap="xs">
        <Text size="sm">{t.state}:</Text>
        <Badge variant="light">{label("state", a.state)}</Badge>
      </Group>
      {a.required ? (
        <>
          <Text>{approved ? t.approvedFor(format.number(a.approvedCount)) : t.required}</Text>
          <List>
            {a.reasons.map((reason) => (
              <List.Item key={reason}>
                <Text span fw={600}>{label("approvalReason", reason)}</Text>: {t.why[reason](n, threshold)}
              </List.Item>
            ))}
          </List>
        </>
      ) : (
        <Text>{t.notRequired(n, threshold)}</Text>
      )}
      {a.submittedCount !== null && a.state === "awaiting_approval" ? <Text size="sm">{t.submitted(format.number(a.submittedCount))}</Text> : null}
      {a.state === "needs_reapproval" && a.approvedCount !== null && a.driftCount !== null ? (
        <Alert color="yellow" title={t.drift(format.number(a.approvedCount), format.number(a.driftCount))} styles={WARNING_STYLES}>
          {t.driftDetail}
        </Alert>
      ) : null}
    </Stack>
  );
}

function Schedule({ review, t, format }: SectionProps) {
  const s = review.schedule;
  const sms = review.channels.sms !== undefined;
  return (
    <Stack gap="sm">
      <Title order={2} size="h3">{t.schedule}</Title>
      <Text>{s.sendAt ? t.sendAt(format.dateTime(s.sendAt)) : t.sendNow}</Text>
      {sms ? <Text size="sm" c="dimmed">{t.quiet(s.smsQuietHours.start, s.smsQuietHours.end)}</Text> : null}
      {sms && s.sendAtInQuietHours ? <Alert color="yellow">{t.inQuiet(s.smsQuietHours.end)}</Alert> : null}
    </Stack>
  );
}
