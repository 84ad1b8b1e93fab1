// "Slik ser medlemmene det": a small email as the layout draws it (src/templates/layout.ts):
// the header with logo and name on the brand colour, a button, a link and the footer. Colours
// are the ones the server derived for the saved settings (`colours`), never computed here, so
// the preview cannot disagree with what members get.
import { Box, Group, Image, Paper, Stack, Text, Title } from "@mantine/core";
import { useId } from "react";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import type { OrganisationSettings } from "./organisationApi.ts";

// The layout's own text and footer shades (src/organisation/colours.ts BODY_TEXT, FOOTER_*),
// which the server's link colour is checked against.
const BODY_TEXT = "#1f2937";
const FOOTER_BACKGROUND = "#f3f4f6";
const FOOTER_TEXT = "#374151";

const texts = defineTexts({
  nb: {
    title: "Slik ser medlemmene det", label: "Forhåndsvisning av en e-post til medlemmene",
    greeting: "Hei Kari,", body: "Forhandlingene i staten er i gang. Her er det du trenger å vite.", button: "Les mer", link: "Se alle nyheter",
    privacy: "Personvernerklæring", orgNumber: "Org.nr.",
    adjusted: "Merkefargen er gjort mørkere i lenker for å gi nok kontrast (4,5:1).",
    unsaved: "Forhåndsvisningen viser de lagrede innstillingene. Lagre for å se endringene.",
  },
  en: {
    title: "What members see", label: "Preview of an email to members",
    greeting: "Hi Kari,", body: "Negotiations in the state sector have started. Here is what you need to know.", button: "Read more", link: "See all news",
    privacy: "Privacy statement", orgNumber: "Org. no.",
    adjusted: "The brand colour is darkened in links to give enough contrast (4.5:1).",
    unsaved: "The preview shows the saved settings. Save to see your changes.",
  },
});

/** "999888777" → "999 888 777", as the email footer writes it. */
const spaced = (digits: string) => digits.replace(/^(\d{3})(\d{3})(\d{3})$/, "$1 $2 $3");

export function BrandPreview({ settings, unsaved = false }: { settings: OrganisationSettings; unsaved?: boolean }) {
  const t = useTexts(texts);
  const { colours, logo } = settings;
  const titleId = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={titleId}>
      <Title order={2} size="h4" mb="sm" id={titleId}>
        {t.title}
      </Title>
      <Box
        role="group"
        aria-label={t.label}
        maw={560}
        style={{ border: "1px solid var(--mantine-color-gray-3)", borderRadius: 6, overflow: "hidden", background: "#ffffff", color: BODY_TEXT }}
      >
        <Group gap="sm" px="md" py="sm" wrap="nowrap" style={{ background: colours.brand, color: colours.onBrand }}>
          {/* The name is beside it, so the logo is decoration here, as in the email. */}
          {logo && <Image src={logo.url} alt="" h={40} w="auto" maw={160} fit="contain" />}
          <Text fw={700} size="lg" c="inherit">
            {settings.name}
          </Text>
        </Group>
        <Stack gap="sm" p="md">
          <Text c="inherit">{t.greeting}</Text>
          <Text c="inherit">{t.body}</Text>
          <Box>
            <Box component="span" fw={700} px="lg" py="xs" display="inline-block" style={{ background: colours.brand, color: colours.onBrand, borderRadius: 4 }}>
              {t.button}
            </Box>
          </Box>
          <Text component="span" td="underline" style={{ color: colours.link }}>
            {t.link}
          </Text>
        </Stack>
        <Stack gap={2} px="md" py="sm" style={{ background: FOOTER_BACKGROUND, color: FOOTER_TEXT }}>
          <Text size="xs" c="inherit" fw={700}>
            {settings.name}
          </Text>
          {settings.addressLines.length > 0 && (
            <Text size="xs" c="inherit">
              {settings.addressLines.join(", ")}
            </Text>
          )}
          {settings.orgNumber && (
            <Text size="xs" c="inherit">
              {t.orgNumber} {spaced(settings.orgNumber)}
            </Text>
          )}
          {settings.privacyUrl && (
            <Text size="xs" component="span" td="underline" style={{ color: colours.link }}>
              {t.privacy}
            </Text>
          )}
        </Stack>
      </Box>
      {colours.adjusted && (
        <Text size="sm" mt="sm">
          {t.adjusted}
        </Text>
      )}
      {unsaved && (
        <Text size="sm" mt="xs" c="gray.7" role="status">
          {t.unsaved}
        </Text>
      )}
    </Paper>
  );
}
