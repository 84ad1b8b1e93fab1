// The organisation settings form (admins): name, short name, brand colour, up to four address
// lines, contacts, organisation number and privacy statement. Each field shows the API's message
// for it; what the user typed stays in the form until a save succeeds, and a save shows what the
// server stored (trimmed, the colour in lower case, the organisation number without spaces).
import { Button, ColorInput, Fieldset, Group, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { shownPaths, unshownProblem, useFieldErrors } from "../parts/fieldErrors.ts";
import { useSaveOrganisation, type OrganisationSettings, type OrganisationSettingsInput } from "./organisationApi.ts";

export const ADDRESS_LINES = 4;

const texts = defineTexts({
  nb: {
    name: "Navn", nameHint: "Slik medlemmene ser avsenderen, f.eks. «Norsk Tjenestemannslag»",
    shortName: "Kortnavn", shortNameHint: "Ett ord, f.eks. «NTL». Står først i hver SMS som sendes fra et nummer.",
    brandColour: "Merkefarge", brandColourHint: "Heksadesimal, f.eks. #c8102e",
    address: "Adresse", addressHint: "Gate eller postboks, deretter postnummer og sted. Står i bunnen av hver e-post og i brevhodet.",
    addressLine: (n: number) => `Adresselinje ${n}`,
    contactEmail: "Kontakt-e-post", contactPhone: "Kontakttelefon", orgNumber: "Organisasjonsnummer", orgNumberHint: "9 sifre",
    privacyUrl: "Personvernerklæring (adresse)", privacyUrlHint: "Lenkes fra hver e-post og hver medlemsside",
    save: "Lagre", saved: "Lagret. Kampanjer som startes fra nå av, bruker de nye innstillingene.",
  },
  en: {
    name: "Name", nameHint: "How members see the sender, e.g. “Norsk Tjenestemannslag”",
    shortName: "Short name", shortNameHint: "One word, e.g. “NTL”. Starts every SMS sent from a number.",
    brandColour: "Brand colour", brandColourHint: "Hexadecimal, e.g. #c8102e",
    address: "Address", addressHint: "Street or box, then postcode and place. Shown at the foot of every email and in the letterhead.",
    addressLine: (n: number) => `Address line ${n}`,
    contactEmail: "Contact email", contactPhone: "Contact phone", orgNumber: "Organisation number", orgNumberHint: "9 digits",
    privacyUrl: "Privacy statement (address)", privacyUrlHint: "Linked from every email and every member page",
    save: "Save", saved: "Saved. Campaigns launched from now on use the new settings.",
  },
});

const FIELDS = ["name", "shortName", "brandColour", "addressLines", "contactEmail", "contactPhone", "orgNumber", "privacyUrl"] as const;
const SHOWN = shownPaths(...FIELDS);

interface FormValues {
  name: string;
  shortName: string;
  brandColour: string;
  addressLines: string[];
  contactEmail: string;
  contactPhone: string;
  orgNumber: string;
  privacyUrl: string;
}

function valuesOf(settings: OrganisationSettings): FormValues {
  return {
    name: settings.name, shortName: settings.shortName, brandColour: settings.brandColour,
    addressLines: Array.from({ length: ADDRESS_LINES }, (_, i) => settings.addressLines[i] ?? ""),
    contactEmail: settings.contactEmail ?? "", contactPhone: settings.contactPhone ?? "", orgNumber: settings.orgNumber ?? "", privacyUrl: settings.privacyUrl ?? "",
  };
}

const orNull = (value: string) => (value.trim() === "" ? null : value.trim());

/** The body to send: empty optional fields become null, blank address lines drop out (the rest keep their order). */
function bodyOf(values: FormValues): OrganisationSettingsInput {
  return {
    name: values.name.trim(), shortName: values.shortName.trim(), brandColour: values.brandColour.trim(),
    addressLines: values.addressLines.map((line) => line.trim()).filter((line) => line !== ""),
    contactEmail: orNull(values.contactEmail), contactPhone: orNull(values.contactPhone), orgNumber: orNull(values.orgNumber), privacyUrl: orNull(values.privacyUrl),
  };
}

/** Whether the form holds something the server does not have yet (the preview shows the saved settings). */
export function isDirty(values: FormValues, settings: OrganisationSettings): boolean {
  return JSON.stringify(bodyOf(values)) !== JSON.stringify(bodyOf(valuesOf(settings)));
}

export function OrganisationForm({ settings, onDirtyChange }: { settings: OrganisationSettings; onDirtyChange?(dirty: boolean): void }) {
  const t = useTexts(texts);
  const [values, setValues] = useState(() => valuesOf(settings));
  const save = useSaveOrganisation();
  const errors = useFieldErrors(save.error);
  const set = (next: Partial<FormValues>) => {
    const merged = { ...values, ...next };
    setValues(merged);
    onDirtyChange?.(isDirty(merged, settings));
    if (save.isSuccess) save.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Blank lines close up before sending, so the API's "addressLines[1]" is the second box on screen too.
    const body = bodyOf(values);
    setValues({ ...values, addressLines: Array.from({ length: ADDRESS_LINES }, (_, i) => body.addressLines[i] ?? "") });
    save.mutate(body, {
      onSuccess: (saved) => {
        setValues(valuesOf(saved));
        onDirtyChange?.(false);
      },
    });
  };
  const lineError = (i: number) => errors.at(`addressLines[${i}]`) ?? errors.at(`addressLines.${i}`);
  const text = (field: Exclude<keyof FormValues, "addressLines" | "brandColour">, extra: { description?: string; required?: boolean; type?: string; maxLength?: number; inputMode?: "numeric" | "tel" | "email" | "url" } = {}) => (
    <TextInput
      label={t[field]}
      value={values[field]}
      onChange={(e) => set({ [field]: e.currentTarget.value })}
      error={errors.at(field)}
      {...extra}
    />
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t.save}>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text("name", { description: t.nameHint, required: true, maxLength: 120 })}
          {text("shortName", { description: t.shortNameHint, required: true, maxLength: 30 })}
        </SimpleGrid>
        <ColorInput
          label={t.brandColour}
          description={t.brandColourHint}
          required
          format="hex"
          withEyeDropper={false}
          value={values.brandColour}
          onChange={(brandColour) => set({ brandColour })}
          error={errors.at("brandColour")}
          maw={320}
        />
        <Fieldset
          legend={<Text component="span" size="sm" fw={700}>{t.address}</Text>}
          variant="unstyled"
          styles={{ root: { padding: 0 }, legend: { padding: 0 } }}
        >
          <Text size="xs" c="gray.7" mb="xs">
            {t.addressHint}
          </Text>
          <Stack gap="xs">
            {values.addressLines.map((line, i) => (
              <TextInput
                key={i}
                label={t.addressLine(i + 1)}
                value={line}
                maxLength={80}
                onChange={(e) => {
                  const addressLines = [...values.addressLines];
                  addressLines[i] = e.currentTarget.value;
                  set({ addressLines });
                }}
                error={lineError(i)}
              />
            ))}
          </Stack>
          {errors.at("addressLines") && (
            <Text size="sm" c="red.8" mt="xs" role="alert">
              {errors.at("addressLines")}
            </Text>
          )}
        </Fieldset>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {text("contactEmail", { type: "email", inputMode: "email" })}
          {text("contactPhone", { type: "tel", inputMode: "tel" })}
          {text("orgNumber", { description: t.orgNumberHint, inputMode: "numeric", maxLength: 11 })}
          {text("privacyUrl", { description: t.privacyUrlHint, type: "url", inputMode: "url", maxLength: 500 })}
        </SimpleGrid>
        <ProblemAlert error={unshownProblem(save.error, SHOWN)} shownPaths={SHOWN} />
        {save.isSuccess && (
          <Text role="status" size="sm">
            {t.saved}
          </Text>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t.save}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
