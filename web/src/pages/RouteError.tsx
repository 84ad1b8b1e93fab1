// What a screen that failed to load or crashed shows: most often a new version was deployed
// and the old chunks are gone, so a reload is the cure; the error itself goes nowhere (it may
// hold data from the screen).
import { Button, Center, Stack, Text, Title } from "@mantine/core";
import { defineTexts, useTexts } from "../i18n/language.tsx";

const texts = defineTexts({
  nb: { title: "Noe gikk galt", body: "Siden kunne ikke vises. Last inn på nytt; hjelper ikke det, kontakt brukerstøtte.", reload: "Last inn på nytt" },
  en: { title: "Something went wrong", body: "The page could not be shown. Reload it; if that does not help, contact support.", reload: "Reload" },
});

export function RouteError() {
  const t = useTexts(texts);
  return (
    <Center mih="60vh" component="main">
      <Stack align="center">
        <Title order={1} size="h2">
          {t.title}
        </Title>
        <Text>{t.body}</Text>
        <Button onClick={() => window.location.reload()}>{t.reload}</Button>
      </Stack>
    </Center>
  );
}
