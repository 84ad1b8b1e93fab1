import { Anchor, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
import { PageHeader } from "../components/PageHeader.tsx";
import { defineTexts, useTexts } from "../i18n/language.tsx";

const texts = defineTexts({
  nb: { title: "Fant ikke siden", body: "Adressen finnes ikke, eller du har ikke tilgang.", home: "Til oversikten" },
  en: { title: "Page not found", body: "The address does not exist, or you do not have access.", home: "To the overview" },
});

export function NotFoundPage() {
  const t = useTexts(texts);
  return (
    <Stack>
      <PageHeader title={t.title} />
      <Text>{t.body}</Text>
      <Anchor component={Link} to="/">
        {t.home}
      </Anchor>
    </Stack>
  );
}
