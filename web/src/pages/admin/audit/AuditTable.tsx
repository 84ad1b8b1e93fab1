// Audit entries as a table: when (Oslo), who, what, to what, from which request and address,
// and the details as compact JSON; a row opens to the full request id and the indented document.
import { Anchor, Button, Code, Group, Table, Text } from "@mantine/core";
import { useId, useState } from "react";
import { Link } from "react-router";
import type { z } from "zod";
import type { AuditEntrySchema, StaffUserSchema } from "../../../../../src/contracts/auth.ts";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";

export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type StaffUser = z.infer<typeof StaffUserSchema>;

const texts = defineTexts({
  nb: {
    label: "Revisjonslogg", time: "Tidspunkt", actor: "Utført av", action: "Handling", target: "Mål", requestId: "Forespørsels-ID", clientIp: "Klient-IP",
    details: "Detaljer", none: "Ingen hendelser passer filteret.", system: (name: string) => `System (${name})`, user: (id: string) => `Bruker ${id}`,
    member: "Medlem", show: "Vis", hide: "Skjul",
  },
  en: {
    label: "Audit log", time: "Time", actor: "Done by", action: "Action", target: "Target", requestId: "Request id", clientIp: "Client IP",
    details: "Details", none: "No entries match the filters.", system: (name: string) => `System (${name})`, user: (id: string) => `User ${id}`,
    member: "Member", show: "Show", hide: "Hide",
  },
});

/** Targets that have a screen of their own. */
const TARGET_PATHS: Record<string, string> = { campaign: "/campaigns", segment: "/segments", template: "/templates" };

export function AuditTable({ entries, users }: { entries: AuditEntry[]; users: StaffUser[] | null }) {
  const t = useTexts(texts);
  if (entries.length === 0) return <Text>{t.none}</Text>;
  const names = new Map((users ?? []).map((u) => [u.id, u.name]));
  const actorLabel = (entry: AuditEntry) => {
    if (entry.actorId !== null && names.has(entry.actorId)) return names.get(entry.actorId)!;
    const [kind, rest = ""] = entry.actor.split(/:(.*)/s, 2);
    if (kind === "system") return t.system(rest);
    if (kind === "user") return t.user(rest);
    if (kind === "member") return t.member;
    return entry.actor;
  };
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table verticalSpacing="xs" striped aria-label={t.label} style={{ fontSize: "var(--mantine-font-size-sm)" }}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.time}</Table.Th>
            <Table.Th>{t.actor}</Table.Th>
            <Table.Th>{t.action}</Table.Th>
            <Table.Th>{t.target}</Table.Th>
            <Table.Th>{t.requestId}</Table.Th>
            <Table.Th>{t.clientIp}</Table.Th>
            <Table.Th>{t.details}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <AuditRow key={entry.id} entry={entry} actor={actorLabel(entry)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One entry; "Vis" opens a row under it with the full request id and the details, indented. */
function AuditRow({ entry, actor }: { entry: AuditEntry; actor: string }) {
  const t = useTexts(texts);
  const format = useFormat();
  const [open, setOpen] = useState(false);
  const detailsId = useId();
  const compact = entry.details === null || entry.details === undefined ? null : JSON.stringify(entry.details);
  return (
    <>
      <Table.Tr>
        <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(entry.at)}</Table.Td>
        <Table.Td>{actor}</Table.Td>
        <Table.Td>
          <Code>{entry.action}</Code>
        </Table.Td>
        <Table.Td style={{ whiteSpace: "nowrap" }}>
          <Target type={entry.targetType} id={entry.targetId} />
        </Table.Td>
        <Table.Td>{entry.requestId ? <Code title={entry.requestId}>{entry.requestId.slice(0, 8)}</Code> : "–"}</Table.Td>
        <Table.Td style={{ whiteSpace: "nowrap" }}>{entry.clientIp ?? "–"}</Table.Td>
        <Table.Td>
          <Group gap="xs" wrap="nowrap">
            <Button size="compact-xs" variant="default" aria-expanded={open} aria-controls={open ? detailsId : undefined} aria-label={`${open ? t.hide : t.show} ${t.details.toLowerCase()}`} onClick={() => setOpen(!open)}>
              {open ? t.hide : t.show}
            </Button>
            <Code style={{ whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis", maxWidth: 220, display: "block" }}>{compact ?? "–"}</Code>
          </Group>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr id={detailsId}>
          <Table.Td colSpan={7}>
            <Text size="sm" mb={4}>
              {t.requestId}: {entry.requestId ? <Code>{entry.requestId}</Code> : "–"}
            </Text>
            <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
              {compact === null ? "–" : JSON.stringify(entry.details, null, 2)}
            </Code>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function Target({ type, id }: { type: string | null; id: string | null }) {
  if (!type) return <>–</>;
  const base = TARGET_PATHS[type];
  if (base && id && /^\d+$/.test(id)) {
    return (
      <Anchor component={Link} to={`${base}/${id}`} size="sm">
        {`${type} ${id}`}
      </Anchor>
    );
  }
  return <>{id ? `${type} ${id}` : type}</>;
}
