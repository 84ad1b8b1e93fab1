// What the campaign is: state and why, purpose, channels, send time (Oslo), the template and
// audience versions it sends, and its four-eyes approval (who approved it for how many).
import { Alert, Table, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { FirstAvailableNote } from "./channelMode.tsx";
import { nameOf } from "./history.ts";
import { StateBadge } from "./StateBadge.tsx";
import type { Campaign, HistoryEntry } from "./types.ts";

const texts = defineTexts({
  nb: {
    caption: "Om kampanjen",
    state: "Status", purpose: "Formål", channels: "Kanaler", sendAt: "Sendetidspunkt", notSet: "Ikke satt (sendes når den planlegges)",
    launchedAt: "Startet", completedAt: "Fullført", template: "Malversjon", audience: "Målgruppe",
    segmentVersion: (id: number) => `Segmentversjon ${id}`, ownRules: "Egne regler for kampanjen",
    version: (id: number) => `Versjon ${id}`,
    scope: (n: number) => `Begrenset til tillitsvalgts område (${n} arbeidsgivere/avdelinger)`,
    created: "Opprettet", by: (name: string) => `av ${name}`,
    approval: "Godkjenning", approvalReasons: "Hvorfor godkjenning", notSubmitted: "Ikke sendt til godkjenning",
    submittedCount: "Mottakere ved innsending", approvedBy: "Godkjent av", approvedCount: "Godkjent for",
    recipients: (n: string) => `${n} mottakere`, comment: "Kommentar fra godkjenner", drift: "Utsendelsen fant",
    someone: (id: number) => `bruker ${id}`,
  },
  en: {
    caption: "About the campaign",
    state: "State", purpose: "Purpose", channels: "Channels", sendAt: "Send time", notSet: "Not set (sends when scheduled)",
    launchedAt: "Started", completedAt: "Completed", template: "Template version", audience: "Audience",
    segmentVersion: (id: number) => `Segment version ${id}`, ownRules: "The campaign's own rules",
    version: (id: number) => `Version ${id}`,
    scope: (n: number) => `Limited to the shop steward's area (${n} employers/branches)`,
    created: "Created", by: (name: string) => `by ${name}`,
    approval: "Approval", approvalReasons: "Why approval", notSubmitted: "Not submitted for approval",
    submittedCount: "Recipients when submitted", approvedBy: "Approved by", approvedCount: "Approved for",
    recipients: (n: string) => `${n} recipients`, comment: "Approver's comment", drift: "The launch found",
    someone: (id: number) => `user ${id}`,
  },
});

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th scope="row" w={220} fw={500}>
        {label}
      </Table.Th>
      <Table.Td>{children}</Table.Td>
    </Table.Tr>
  );
}

export function CampaignDetails({ campaign, history }: { campaign: Campaign; history: HistoryEntry[] | null }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const { approval } = campaign;
  const creator = campaign.createdBy === null ? null : (nameOf(history ?? [], "campaign.create", campaign.createdBy) ?? t.someone(campaign.createdBy));
  const approver = approval.approvedBy === null ? null : (nameOf(history ?? [], "campaign.approve", approval.approvedBy) ?? t.someone(approval.approvedBy));
  const scope = campaign.audienceScope;
  return (
    <>
      {campaign.stateReason && (
        <Alert
          color={campaign.state === "paused" || campaign.state === "needs_reapproval" ? "orange" : "blue"}
          variant="light"
          mb="md"
          // Dark text: the alert's own orange or blue title on its tint stays under 4.5:1.
          title={<Text span fw={700} size="sm" c="dark.9">{vocabulary.label("state", campaign.state)}</Text>}
        >
          {campaign.stateReason}
        </Alert>
      )}
      <Table aria-label={t.caption} verticalSpacing={6} withRowBorders>
        <Table.Tbody>
          <Row label={t.state}>
            <StateBadge state={campaign.state} />
          </Row>
          <Row label={t.purpose}>{vocabulary.label("purpose", campaign.purpose)}</Row>
          <Row label={t.channels}>
            {campaign.channelMode === "first-available" ? (
              <FirstAvailableNote channels={campaign.channels} />
            ) : (
              campaign.channels.map((c) => vocabulary.label("channel", c)).join(", ")
            )}
          </Row>
          <Row label={t.sendAt}>{campaign.sendAt ? format.dateTime(campaign.sendAt) : t.notSet}</Row>
          {campaign.launchedAt && <Row label={t.launchedAt}>{format.dateTime(campaign.launchedAt)}</Row>}
          {campaign.completedAt && <Row label={t.completedAt}>{format.dateTime(campaign.completedAt)}</Row>}
          <Row label={t.template}>{t.version(campaign.templateVersionId)}</Row>
          <Row label={t.audience}>
            {campaign.segmentVersionId !== null ? t.segmentVersion(campaign.segmentVersionId) : t.ownRules}
            {scope && (
              <Text size="sm" c="gray.7">
                {t.scope(scope.employers.length + scope.branches.length)}
              </Text>
            )}
          </Row>
          <Row label={t.created}>
            {format.dateTime(campaign.createdAt)}
            {creator && ` ${t.by(creator)}`}
          </Row>
          <Row label={t.approvalReasons}>
            {approval.reasons.length > 0 ? approval.reasons.map((r) => vocabulary.label("approvalReason", r)).join(", ") : t.notSubmitted}
          </Row>
          {approval.submittedCount !== null && <Row label={t.submittedCount}>{t.recipients(format.number(approval.submittedCount))}</Row>}
          {approver && (
            <Row label={t.approvedBy}>
              {approver}, {format.dateTime(approval.approvedAt)}
            </Row>
          )}
          {approval.approvedCount !== null && <Row label={t.approvedCount}>{t.recipients(format.number(approval.approvedCount))}</Row>}
          {approval.driftCount !== null && <Row label={t.drift}>{t.recipients(format.number(approval.driftCount))}</Row>}
          {approval.reviewComment && <Row label={t.comment}>{approval.reviewComment}</Row>}
        </Table.Tbody>
      </Table>
    </>
  );
}
