// The logo: the one members see now, and (for admins) upload of a PNG or SVG and removal after
// confirmation. A file that cannot be a logo (type, size) is refused here with the reason before
// anything is sent; what the server refuses (not really a PNG, an unreadable SVG) is said in
// Norwegian next to the file field. The chosen file stays chosen until an upload succeeds.
import { FileInput, Group, Image, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { ApiError } from "../../../api/client.ts";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useLanguage, useTexts } from "../../../i18n/language.tsx";
import { LOGO_MAX_BYTES, logoTypeOf, useRemoveLogo, useUploadLogo, type OrganisationSettings } from "./organisationApi.ts";

const texts = defineTexts({
  nb: {
    alt: (name: string) => `Logoen til ${name}`, none: "Ingen logo: meldingene viser navnet alene.",
    size: (w: string, h: string) => `${w} × ${h} piksler`,
    upload: "Last opp ny logo", uploadHint: "PNG eller SVG, høyst 1 MiB. En SVG gjøres om til PNG én gang; medlemmene får alltid PNG.",
    choose: "Velg fil", uploaded: "Logoen er lastet opp.",
    wrongType: "Velg en PNG- eller SVG-fil.", tooBig: (kib: string) => `Filen er ${kib} KiB; høyst 1 024 KiB er tillatt.`,
    remove: "Fjern logoen", removeTitle: "Fjerne logoen?", removeMessage: "Meldinger til kampanjer som startes etter dette, viser navnet uten logo. Kampanjer som alt er startet, beholder logoen.",
    removeConfirm: "Fjern logoen",
  },
  en: {
    alt: (name: string) => `The logo of ${name}`, none: "No logo: messages show the name alone.",
    size: (w: string, h: string) => `${w} × ${h} pixels`,
    upload: "Upload a new logo", uploadHint: "PNG or SVG, at most 1 MiB. An SVG is turned into a PNG once; members always get the PNG.",
    choose: "Choose a file", uploaded: "The logo was uploaded.",
    wrongType: "Choose a PNG or SVG file.", tooBig: (kib: string) => `The file is ${kib} KiB; at most 1,024 KiB is allowed.`,
    remove: "Remove the logo", removeTitle: "Remove the logo?", removeMessage: "Messages of campaigns launched after this show the name without a logo. Campaigns already launched keep the logo.",
    removeConfirm: "Remove the logo",
  },
});

// The server's words for a refused logo (src/organisation/logo.ts), in Norwegian.
const NB: Array<[RegExp, (...groups: string[]) => string]> = [
  [/^the logo file is empty$/, () => "Filen er tom."],
  [/^the logo is (\d+) KiB; at most (\d+) KiB/, (kib, max) => `Filen er ${kib} KiB; høyst ${max} KiB er tillatt.`],
  [/^the PNG is (\d+)×(\d+) pixels; each side must be 1–(\d+)/, (w, h, max) => `PNG-bildet er ${w} × ${h} piksler; hver side må være 1–${max}.`],
  [/^the logo must be a PNG or an SVG file$/, () => "Filen er verken en PNG eller en SVG."],
  [/^the SVG could not be read/, () => "SVG-filen kunne ikke leses."],
  [/^the SVG has no size/, () => "SVG-filen har ingen størrelse (sett width og height eller viewBox)."],
  [/^the request body is too large$/, () => "Filen er for stor: høyst 1 MiB."],
];

/** The message to show at the file field for a refused upload; null for errors that are not about the file. */
function useFileError(error: unknown): string | null {
  const { language } = useLanguage();
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 413 && error.status !== 415)) return null;
  const message = error.problem?.detail ?? error.message;
  if (language !== "nb") return message;
  for (const [pattern, say] of NB) {
    const match = pattern.exec(message);
    if (match) return say(...match.slice(1));
  }
  return message;
}

export function LogoBlock({ settings, editable }: { settings: OrganisationSettings; editable: boolean }) {
  const t = useTexts(texts);
  const format = useFormat();
  const logo = settings.logo;
  return (
    <Stack gap="sm">
      {logo ? (
        <Group gap="md" align="center">
          <Image src={logo.url} alt={t.alt(settings.name)} h={64} w="auto" fit="contain" radius="sm" bd="1px solid var(--mantine-color-gray-3)" p={4} />
          <Text size="sm" c="gray.7">
            {t.size(format.number(logo.width), format.number(logo.height))}
          </Text>
        </Group>
      ) : (
        <Text size="sm">{t.none}</Text>
      )}
      {editable && <LogoControls hasLogo={logo !== null} />}
    </Stack>
  );
}

function LogoControls({ hasLogo }: { hasLogo: boolean }) {
  const t = useTexts(texts);
  const format = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const serverSays = useFileError(upload.error);
  const choose = (chosen: File | null) => {
    setFile(chosen);
    setRefused(null);
    upload.reset();
    if (!chosen) return;
    const type = logoTypeOf(chosen);
    if (!type) return setRefused(t.wrongType);
    if (chosen.size > LOGO_MAX_BYTES) return setRefused(t.tooBig(format.number(Math.ceil(chosen.size / 1024))));
    upload.mutate({ file: chosen, type }, { onSuccess: () => setFile(null) });
  };
  return (
    <Stack gap="sm">
      <FileInput
        label={t.upload}
        description={t.uploadHint}
        placeholder={t.choose}
        // Mantine's placeholder grey is under 4.5:1, and here it is the button's only text.
        styles={{ placeholder: { color: "var(--mantine-color-gray-7)" } }}
        accept=".png,.svg,image/png,image/svg+xml"
        value={file}
        onChange={choose}
        clearable
        disabled={upload.isPending}
        error={refused ?? serverSays ?? undefined}
        maw={480}
      />
      {upload.isError && !serverSays && <ProblemAlert error={upload.error} />}
      {upload.isSuccess && (
        <Text role="status" size="sm">
          {t.uploaded}
        </Text>
      )}
      {hasLogo && (
        <Group>
          <ConfirmAction
            label={t.remove}
            title={t.removeTitle}
            message={t.removeMessage}
            confirmLabel={t.removeConfirm}
            color="red"
            variant="light"
            onConfirm={() => remove.mutateAsync()}
          />
        </Group>
      )}
    </Stack>
  );
}
