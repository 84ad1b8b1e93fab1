// The staff users: who they are, role, a steward's scope, TOTP, state and last login, with the
// actions on each. An admin's own row has no actions (the API refuses to demote or disable oneself).
import { Badge, Group, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { TOKENS_KEY, type StaffUser, type Tokens } from "./api.ts";
import { EditAccess } from "./EditAccess.tsx";
import { ToggleDisabled } from "./ToggleDisabled.tsx";
import { tokenStatus } from "./tokenStatus.ts";

const texts = defineTexts({
  nb: {
    caption: "Ansatte med tilgang til Budstikke", user: "Bruker", role: "Rolle", scope: "Tilgang", totp: "Tofaktor", state: "Status", lastLogin: "Sist innlogget", actions: "Handlinger",
    everyone: "Alle medlemmer", employers: "Arbeidsgivere", branches: "Avdelinger", on: "på", off: "av",
    active: "Aktiv", disabled: "Deaktivert", pending: "Venter på passord", never: "Aldri", you: "Deg",
  },
  en: {
    caption: "Staff with access to Budstikke", user: "User", role: "Role", scope: "Access", totp: "Two-factor", state: "Status", lastLogin: "Last login", actions: "Actions",
    everyone: "All members", employers: "Employers", branches: "Branches", on: "on", off: "off",
    active: "Active", disabled: "Disabled", pending: "Awaiting password", never: "Never", you: "You",
  },
});

// A badge in a narrow table cell would otherwise shrink to an ellipsis.
const FULL_WIDTH = { minWidth: "max-content" } as const;

export function UserTable({ users }: { users: StaffUser[] }) {
  const t = useTexts(texts);
  const { session, can } = useSession();
  // Disabling revokes the user's tokens: the dialog says how many.
  const tokens = useQuery({ queryKey: [...TOKENS_KEY, "all"], queryFn: ({ signal }) => api<Tokens>("/tokens", { signal }), enabled: can("tokens.manage") });
  const activeTokens = (userId: number): number | null =>
    tokens.data ? tokens.data.items.filter((token) => token.userId === userId && tokenStatus(token) === "active").length : null;
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table striped verticalSpacing="sm" aria-label={t.caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.user}</Table.Th>
            <Table.Th>{t.role}</Table.Th>
            <Table.Th>{t.scope}</Table.Th>
            <Table.Th>{t.state}</Table.Th>
            <Table.Th>{t.lastLogin}</Table.Th>
            <Table.Th>{t.actions}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} self={user.id === session?.user.id} activeTokens={activeTokens(user.id)} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function UserRow({ user, self, activeTokens }: { user: StaffUser; self: boolean; activeTokens: number | null }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  return (
    <Table.Tr>
      <Table.Td miw={200}>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" fw={500}>
            {user.name}
          </Text>
          {self && (
            <Badge size="sm" variant="outline" style={{ flexShrink: 0 }}>
              {t.you}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="gray.7" style={{ overflowWrap: "anywhere" }}>
          {user.email}
        </Text>
      </Table.Td>
      <Table.Td>{vocabulary.label("role", user.role)}</Table.Td>
      <Table.Td maw={200}>
        <ScopeText user={user} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: "nowrap" }}>
        <StateBadge user={user} />
        <Text size="sm" mt={4}>
          {t.totp}: {user.totpEnabled ? t.on : t.off}
        </Text>
      </Table.Td>
      <Table.Td>{user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t.never}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <EditAccess user={user} disabled={self} />
          <ToggleDisabled user={user} activeTokens={activeTokens} disabled={self} />
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ScopeText({ user }: { user: StaffUser }) {
  const t = useTexts(texts);
  if (user.role !== "steward") return <Text size="sm">{t.everyone}</Text>;
  return (
    <>
      {user.scope.employers.length > 0 && (
        <Text size="sm">
          {t.employers}: {user.scope.employers.join(", ")}
        </Text>
      )}
      {user.scope.branches.length > 0 && (
        <Text size="sm">
          {t.branches}: {user.scope.branches.join(", ")}
        </Text>
      )}
    </>
  );
}

function StateBadge({ user }: { user: StaffUser }) {
  const t = useTexts(texts);
  if (user.disabled) return <Badge style={FULL_WIDTH} variant="outline" color="red.9">{t.disabled}</Badge>;
  if (user.pendingSetup) return <Badge style={FULL_WIDTH} variant="outline" color="grape.9">{t.pending}</Badge>;
  return <Badge style={FULL_WIDTH} variant="outline" color="teal.9">{t.active}</Badge>;
}
