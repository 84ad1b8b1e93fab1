// Audit entries as a table: when (Oslo), who, what, to what, from which request and address,
// and the details as compact JSON that opens to the full, indented document.
import { Anchor, Code, Table, Text } from "@mantine/core";
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
    member: "Medlem", showAll: "Vis alt",
  },
  en: {
    label: "Audit log", time: "Time", actor: "Done by", action: "Action", target: "Target", requestId: "Request id", clientIp: "Client IP",
    details: "Details", none: "No entries match the filters.", system: (name: string) => `System (${name})`, user: (id: string) => `User ${id}`,
    member: "Member", showAll: "Show all",
  },
});

/** Targets that have a screen of their own. */
const TARGET_PATHS: Record<string, string> = { campaign: "/campaigns", segment: "/segments", template: "/templates" };

export function AuditTable({ entries, users }: { entries: AuditEntry[]; users: StaffUser[] | null }) {
  const t = useTexts(texts);
  const format = useFormat();
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
    <Table.ScrollContainer minWidth={1100}>
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
            <Table.Tr key={entry.id}>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{format.dateTime(entry.at)}</Table.Td>
              <Table.Td>{actorLabel(entry)}</Table.Td>
              <Table.Td>
                <Code>{entry.action}</Code>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <Target type={entry.targetType} id={entry.targetId} />
              </Table.Td>
              <Table.Td>{entry.requestId ? <Code style={{ wordBreak: "break-all" }}>{entry.requestId}</Code> : "–"}</Table.Td>
              <Table.Td>{entry.clientIp ?? "–"}</Table.Td>
              <Table.Td maw={360}>
                <Details value={entry.details} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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

const SHORT = 60;

/** Compact JSON; longer documents show their start and open (a native disclosure) to the whole. */
function Details({ value }: { value: unknown }) {
  const t = useTexts(texts);
  if (value === null || value === undefined) return <>–</>;
  const compact = JSON.stringify(value);
  if (compact.length <= SHORT) return <Code style={{ wordBreak: "break-word" }}>{compact}</Code>;
  return (
    <details>
      <summary style={{ cursor: "pointer" }}>
        <Code>{`${compact.slice(0, SHORT)}…`}</Code> <Text span size="xs" c="gray.7">{t.showAll}</Text>
      </summary>
      <Code block mt={4} style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
        {JSON.stringify(value, null, 2)}
      </Code>
    </details>
  );
}
