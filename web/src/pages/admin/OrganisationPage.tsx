// The organisation settings: who members hear from (name, short name, logo, brand colour,
// address, contacts, organisation number, privacy statement), with a preview of what members
// see. Admins change them; other staff read them. Every change is a new version: campaigns
// launched later carry it, campaigns already launched keep the version they launched with.
import { Grid, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useSession } from "../../api/session.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { BrandPreview } from "./organisation/BrandPreview.tsx";
import { LogoBlock } from "./organisation/LogoBlock.tsx";
import { OrganisationFacts } from "./organisation/OrganisationFacts.tsx";
import { OrganisationForm } from "./organisation/OrganisationForm.tsx";
import { useOrganisation, type OrganisationSettings } from "./organisation/organisationApi.ts";
import { Panel } from "../../components/Panel.tsx";

const texts = defineTexts({
  nb: {
    title: "Organisasjon",
    intro: "Endringer gjelder kampanjer som startes etter endringen. Kampanjer som alt er startet, beholder innstillingene de startet med.",
    readOnly: "Bare administratorer kan endre innstillingene.",
    changed: (when: string, who: string | null) => `Sist endret ${when}${who ? ` av ${who}` : ""}`,
    fromEnvironment: "Ikke lagret ennå: verdiene kommer fra ORG_* i miljøet.",
    settings: "Innstillinger", logo: "Logo",
  },
  en: {
    title: "Organisation",
    intro: "Changes apply to campaigns launched after the change. Campaigns already launched keep the settings they launched with.",
    readOnly: "Only administrators can change the settings.",
    changed: (when: string, who: string | null) => `Last changed ${when}${who ? ` by ${who}` : ""}`,
    fromEnvironment: "Not saved yet: the values come from ORG_* in the environment.",
    settings: "Settings", logo: "Logo",
  },
});

export default function OrganisationPage() {
  const t = useTexts(texts);
  const query = useOrganisation();
  return (
    <>
      <PageHeader title={t.title} />
      <QueryState query={query}>{(settings) => <OrganisationView settings={settings} />}</QueryState>
    </>
  );
}

function OrganisationView({ settings }: { settings: OrganisationSettings }) {
  const t = useTexts(texts);
  const format = useFormat();
  const { can } = useSession();
  const editable = can("organisation.write");
  const [unsaved, setUnsaved] = useState(false);
  return (
    <Stack gap="md">
      <Stack gap={4} maw={760}>
        <Text size="sm">{t.intro}</Text>
        <Text size="sm" c="gray.7">
          {settings.updatedAt === null ? t.fromEnvironment : t.changed(format.dateTime(settings.updatedAt), settings.updatedBy)}
        </Text>
        {!editable && (
          <Text size="sm" c="gray.7">
            {t.readOnly}
          </Text>
        )}
      </Stack>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Panel title={t.settings}>
              {editable ? <OrganisationForm settings={settings} onDirtyChange={setUnsaved} /> : <OrganisationFacts settings={settings} />}
            </Panel>
            <Panel title={t.logo}>
              <LogoBlock settings={settings} editable={editable} />
            </Panel>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <BrandPreview settings={settings} unsaved={unsaved} />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
