// API tokens for scripts and integrations (admins only): list (optionally one user's), create
// (the token is shown once), revoke.
import { Select, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { TOKENS_KEY, useUsers, type Tokens } from "./parts/api.ts";
import { NewToken } from "./parts/NewToken.tsx";
import { TokenTable } from "./parts/TokenTable.tsx";

const texts = defineTexts({
  nb: {
    title: "API-tokens",
    intro: "Et API-token lar et skript eller et annet system bruke Budstikkes API som en bestemt bruker, med brukerens rolle og tilgang. Selve tokenet vises bare når det opprettes.",
    filter: "Vis tokens for", everyone: "Alle brukere", none: "Ingen API-tokens.", noneFor: "Denne brukeren har ingen API-tokens.",
  },
  en: {
    title: "API tokens",
    intro: "An API token lets a script or another system use Budstikke's API as a given user, with that user's role and access. The token itself is shown only when it is created.",
    filter: "Show tokens of", everyone: "All users", none: "No API tokens.", noneFor: "This user has no API tokens.",
  },
});

export default function TokensPage() {
  const t = useTexts(texts);
  const users = useUsers();
  const [userId, setUserId] = useState<string | null>(null);
  const tokens = useQuery({
    queryKey: [...TOKENS_KEY, userId ?? "all"],
    queryFn: ({ signal }) => api<Tokens>("/tokens", { signal, query: { userId: userId ?? undefined } }),
  });
  const staff = new Map((users.data?.items ?? []).map((user) => [user.id, user]));
  return (
    <>
      <PageHeader title={t.title}>
        <NewToken users={users.data?.items ?? []} />
      </PageHeader>
      <Text size="sm" c="gray.7" mb="md" maw={760}>
        {t.intro}
      </Text>
      <Select
        label={t.filter}
        w={360}
        mb="md"
        searchable
        data={[{ value: "", label: t.everyone }, ...(users.data?.items ?? []).map((user) => ({ value: String(user.id), label: `${user.name} (${user.email})` }))]}
        value={userId ?? ""}
        onChange={(value) => setUserId(value || null)}
        allowDeselect={false}
      />
      <QueryState query={tokens}>
        {({ items }) => (items.length === 0 ? <Text c="gray.7">{userId ? t.noneFor : t.none}</Text> : <TokenTable tokens={items} users={staff} />)}
      </QueryState>
    </>
  );
}
