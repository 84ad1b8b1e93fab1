// Staff users (admins only): list, create (with a one-time setup link when no password is given),
// change role and a steward's scope, disable and enable.
import { Text } from "@mantine/core";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useUsers } from "./parts/api.ts";
import { NewUser } from "./parts/NewUser.tsx";
import { UserTable } from "./parts/UserTable.tsx";

const texts = defineTexts({
  nb: {
    title: "Brukere",
    intro: "Å endre rolle eller tilgang logger brukeren ut. Å deaktivere en bruker logger brukeren ut og trekker tilbake alle brukerens API-tokens.",
  },
  en: {
    title: "Users",
    intro: "Changing a role or access logs the user out. Disabling a user logs them out and revokes all their API tokens.",
  },
});

export default function UsersPage() {
  const t = useTexts(texts);
  const users = useUsers();
  return (
    <>
      <PageHeader title={t.title}>
        <NewUser />
      </PageHeader>
      <Text size="sm" c="gray.7" mb="md" maw={760}>
        {t.intro}
      </Text>
      <QueryState query={users}>{({ items }) => <UserTable users={items} />}</QueryState>
    </>
  );
}
