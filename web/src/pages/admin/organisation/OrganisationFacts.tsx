// The organisation settings read-only, for staff who may read them but not change them.
import { Anchor, Text } from "@mantine/core";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { Facts } from "../../members/member/Facts.tsx";
import type { OrganisationSettings } from "./organisationApi.ts";

const texts = defineTexts({
  nb: {
    name: "Navn", shortName: "Kortnavn", brandColour: "Merkefarge", address: "Adresse", contactEmail: "Kontakt-e-post", contactPhone: "Kontakttelefon",
    orgNumber: "Organisasjonsnummer", privacyUrl: "Personvernerklæring",
  },
  en: {
    name: "Name", shortName: "Short name", brandColour: "Brand colour", address: "Address", contactEmail: "Contact email", contactPhone: "Contact phone",
    orgNumber: "Organisation number", privacyUrl: "Privacy statement",
  },
});

export function OrganisationFacts({ settings }: { settings: OrganisationSettings }) {
  const t = useTexts(texts);
  const orDash = (value: string | null) => value ?? "–";
  return (
    <Facts
      cols={2}
      items={[
        { label: t.name, value: settings.name },
        { label: t.shortName, value: settings.shortName },
        { label: t.brandColour, value: <Text ff="monospace">{settings.brandColour}</Text> },
        {
          label: t.address,
          value: settings.addressLines.length === 0 ? "–" : settings.addressLines.map((line, i) => <Text key={i}>{line}</Text>),
        },
        { label: t.contactEmail, value: orDash(settings.contactEmail) },
        { label: t.contactPhone, value: orDash(settings.contactPhone) },
        { label: t.orgNumber, value: orDash(settings.orgNumber) },
        {
          label: t.privacyUrl,
          value: settings.privacyUrl ? <Anchor href={settings.privacyUrl} target="_blank" rel="noreferrer">{settings.privacyUrl}</Anchor> : "–",
        },
      ]}
    />
  );
}
