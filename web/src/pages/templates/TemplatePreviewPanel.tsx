// Preview of a saved version for the sample member or a real member, per channel and language.
// Only saved versions can be rendered: unsaved edits are named, not previewed.
import { Alert, Center, Group, Input, Loader, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client.ts";
import { ProblemAlert } from "../../components/ProblemAlert.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { LANGUAGES, type Channel, type TemplateLanguage, type TemplatePreview } from "./draft.ts";
import { MemberPicker, type PreviewMember } from "./MemberPicker.tsx";
import { EmailPreview, LetterPreview, SmsPreview } from "./PreviewViews.tsx";
import { warningAlert } from "./ui.ts";

const texts = defineTexts({
  nb: {
    title: "Forhåndsvisning", channel: "Kanal", language: "Språk", ownLanguage: "Medlemmets språk",
    unsaved: "Lagre for å forhåndsvise endringene.",
    unsavedDetail: (version: number) => `Du har endringer som ikke er lagret. Forhåndsvisningen viser versjon ${version}.`,
    notSaved: "Lagre malen for å forhåndsvise den.", showing: (version: number) => `Versjon ${version}`, loading: "Lager forhåndsvisning",
  },
  en: {
    title: "Preview", channel: "Channel", language: "Language", ownLanguage: "Member's language",
    unsaved: "Save to preview your changes.",
    unsavedDetail: (version: number) => `You have unsaved changes. The preview shows version ${version}.`,
    notSaved: "Save the template to preview it.", showing: (version: number) => `Version ${version}`, loading: "Rendering the preview",
  },
});

export interface TemplatePreviewPanelProps {
  templateId: number | null;
  /** The saved version the editor shows. */
  version: number | null;
  /** Channels of that version. */
  channels: Channel[];
  dirty: boolean;
  /** The channel the editor shows: the preview follows it until one is chosen here. */
  editorChannel?: Channel | null;
}

type LanguageChoice = TemplateLanguage | "own";

export function TemplatePreviewPanel({ templateId, version, channels, dirty, editorChannel = null }: TemplatePreviewPanelProps) {
  const t = useTexts(texts);
  const { label } = useVocabulary();
  // A choice made here holds while the editor stays on the tab it was made on.
  const [chosen, setChosen] = useState<{ channel: Channel; editorChannel: Channel | null } | null>(null);
  const [member, setMember] = useState<PreviewMember | null>(null);
  const [language, setLanguage] = useState<LanguageChoice>("own");
  const followed = editorChannel && channels.includes(editorChannel) ? editorChannel : (channels[0] ?? null);
  const channel = chosen && chosen.editorChannel === editorChannel && channels.includes(chosen.channel) ? chosen.channel : followed;
  const setChannel = (next: Channel) => setChosen({ channel: next, editorChannel });

  const preview = useQuery({
    queryKey: ["templatePreview", templateId, version, channel, member?.memberNumber ?? null, language],
    queryFn: ({ signal }) =>
      api<TemplatePreview>(`/templates/${templateId}/preview`, {
        method: "POST",
        signal,
        body: {
          channel,
          ...(member ? { memberNumber: member.memberNumber } : { sample: true }),
          ...(language === "own" ? {} : { language }),
          ...(version ? { version } : {}),
        },
      }),
    enabled: templateId !== null && version !== null && channel !== null,
    staleTime: 60_000,
  });

  const heading = (
    <Title order={2} size="h3">
      {t.title}
    </Title>
  );
  if (templateId === null || version === null) {
    return (
      <Stack gap="xs">
        {heading}
        <Text c="dimmed">{t.notSaved}</Text>
      </Stack>
    );
  }

  return (
    <Stack>
      <Group justify="space-between">
        {heading}
        <Text size="sm" c="dimmed">
          {t.showing(version)}
        </Text>
      </Group>
      {dirty ? (
        <Alert {...warningAlert} title={t.unsaved}>
          {t.unsavedDetail(version)}
        </Alert>
      ) : null}
      <Group align="flex-end" gap="lg">
        <Input.Wrapper label={t.channel} id="preview-channel" labelElement="div">
          <div>
            <SegmentedControl
              aria-labelledby="preview-channel-label"
              value={channel ?? ""}
              onChange={(v) => setChannel(v as Channel)}
              data={channels.map((c) => ({ value: c, label: label("channel", c) }))}
            />
          </div>
        </Input.Wrapper>
        <MemberPicker value={member} onChange={setMember} />
        <Input.Wrapper label={t.language} id="preview-language" labelElement="div">
          <div>
            <SegmentedControl
              aria-labelledby="preview-language-label"
              value={language}
              onChange={(v) => setLanguage(v as LanguageChoice)}
              data={[{ value: "own", label: t.ownLanguage }, ...LANGUAGES.map((l) => ({ value: l, label: label("language", l) }))]}
            />
          </div>
        </Input.Wrapper>
      </Group>
      {preview.isFetching && !preview.data ? (
        <Center p="lg">
          <Loader aria-label={t.loading} />
        </Center>
      ) : null}
      <ProblemAlert error={preview.error} />
      {preview.data?.channel === "email" ? <EmailPreview preview={preview.data} /> : null}
      {preview.data?.channel === "sms" ? <SmsPreview preview={preview.data} /> : null}
      {preview.data?.channel === "letter" ? (
        <LetterPreview preview={preview.data} fileName={`mal-${templateId}-versjon-${version}-${preview.data.memberNumber ?? "eksempel"}.pdf`} />
      ) : null}
    </Stack>
  );
}
