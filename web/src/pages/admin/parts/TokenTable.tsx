// The API tokens (never the tokens themselves): whose, when made, when they expire, last use.
import { Badge, Table, Text } from "@mantine/core";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import type { ApiToken, StaffUser } from "./api.ts";
import { RevokeToken } from "./RevokeToken.tsx";
import { tokenStatus } from "./tokenStatus.ts";

const texts = defineTexts({
  nb: {
    caption: "API-tokens, eldste først", name: "Navn", user: "Bruker", created: "Opprettet", expires: "Utløper", lastUsed: "Sist brukt", state: "Status", action: "Handling",
    never: "Aldri", noExpiry: "Utløper ikke", active: "Aktiv", expired: "Utløpt", revoked: "Trukket tilbake", unknownUser: (id: number) => `Bruker ${id}`,
  },
  en: {
    caption: "API tokens, oldest first", name: "Name", user: "User", created: "Created", expires: "Expires", lastUsed: "Last used", state: "Status", action: "Action",
    never: "Never", noExpiry: "Does not expire", active: "Active", expired: "Expired", revoked: "Revoked", unknownUser: (id: number) => `User ${id}`,
  },
});

// A badge in a narrow table cell would otherwise shrink to an ellipsis.
const FULL_WIDTH = { minWidth: "max-content" } as const;

export function TokenTable({ tokens, users }: { tokens: ApiToken[]; users: ReadonlyMap<number, StaffUser> }) {
  const t = useTexts(texts);
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped verticalSpacing="sm" aria-label={t.caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t.name}</Table.Th>
            <Table.Th>{t.user}</Table.Th>
            <Table.Th>{t.created}</Table.Th>
            <Table.Th>{t.expires}</Table.Th>
            <Table.Th>{t.lastUsed}</Table.Th>
            <Table.Th>{t.state}</Table.Th>
            <Table.Th>{t.action}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tokens.map((token) => {
            const owner = users.get(token.userId);
            const status = tokenStatus(token);
            return (
              <Table.Tr key={token.id}>
                <Table.Td>{token.name}</Table.Td>
                <Table.Td>
                  <Text size="sm">{owner?.name ?? t.unknownUser(token.userId)}</Text>
                  {owner && (
                    <Text size="sm" c="gray.7">
                      {owner.email}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{format.dateTime(token.createdAt)}</Table.Td>
                <Table.Td>{token.expiresAt ? format.dateTime(token.expiresAt) : t.noExpiry}</Table.Td>
                <Table.Td>{token.lastUsedAt ? format.dateTime(token.lastUsedAt) : t.never}</Table.Td>
                <Table.Td>
                  {status === "revoked" ? (
                    <>
                      <Badge style={FULL_WIDTH} variant="outline" color="red.9">{t.revoked}</Badge>
                      <Text size="sm" c="gray.7">
                        {format.dateTime(token.revokedAt)}
                      </Text>
                    </>
                  ) : (
                    <Badge style={FULL_WIDTH} variant="outline" color={status === "active" ? "teal.9" : "gray"}>
                      {status === "active" ? t.active : t.expired}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{status === "revoked" ? null : <RevokeToken token={token} owner={owner?.name ?? t.unknownUser(token.userId)} />}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
