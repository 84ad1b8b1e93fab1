// A rendered message as the member would get it. Email HTML runs in a sandboxed frame with no
// permissions (no scripts, no same-origin); the letter's PDF is shown from a blob: URL that is
// revoked when the preview changes or goes away.
import { Anchor, Box, Code, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useEffect, useState } from "react";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import type { TemplatePreview } from "./draft.ts";

type Email = Extract<TemplatePreview, { channel: "email" }>;
type Sms = Extract<TemplatePreview, { channel: "sms" }>;
type Letter = Extract<TemplatePreview, { channel: "letter" }>;

const texts = defineTexts({
  nb: {
    subject: "Emne", html: "E-posten", text: "Ren tekst", frame: "Forhåndsvisning av e-posten",
    sms: "SMS-en", segments: (n: string, count: number) => (count === 1 ? `${n} SMS-del` : `${n} SMS-deler`), characters: (n: string) => `${n} tegn`,
    letter: "Brevet", pdfFrame: "Forhåndsvisning av brevet (PDF)", download: (size: string) => `Last ned PDF (${size} kB)`,
  },
  en: {
    subject: "Subject", html: "The email", text: "Plain text", frame: "Preview of the email",
    sms: "The SMS", segments: (n: string, count: number) => (count === 1 ? `${n} SMS segment` : `${n} SMS segments`), characters: (n: string) => `${n} characters`,
    letter: "The letter", pdfFrame: "Preview of the letter (PDF)", download: (size: string) => `Download PDF (${size} kB)`,
  },
});

export function EmailPreview({ preview }: { preview: Email }) {
  const t = useTexts(texts);
  return (
    <Stack gap="sm">
      <Text>
        <Text span fw={600}>
          {t.subject}:
        </Text>{" "}
        {preview.subject}
      </Text>
      <Title order={3} size="h5">
        {t.html}
      </Title>
      <Box
        component="iframe"
        sandbox=""
        srcDoc={preview.html}
        title={t.frame}
        style={{ width: "100%", height: 560, border: "1px solid var(--mantine-color-gray-4)", borderRadius: "var(--mantine-radius-sm)", background: "#fff" }}
      />
      <Title order={3} size="h5">
        {t.text}
      </Title>
      <Code block style={{ whiteSpace: "pre-wrap", maxHeight: 320, overflow: "auto" }}>
        {preview.text}
      </Code>
    </Stack>
  );
}

export function SmsPreview({ preview }: { preview: Sms }) {
  const t = useTexts(texts);
  const format = useFormat();
  return (
    <Stack gap="sm" maw={420}>
      <Title order={3} size="h5">
        {t.sms}
      </Title>
      <Paper withBorder p="md" radius="lg" bg="gray.0">
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{preview.body}</Text>
      </Paper>
      <Text size="sm" data-testid="sms-stats">
        {[t.segments(format.number(preview.segments), preview.segments), preview.encoding, t.characters(format.number(preview.characters))].join(", ")}
      </Text>
    </Stack>
  );
}

function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function LetterPreview({ preview, fileName }: { preview: Letter; fileName: string }) {
  const t = useTexts(texts);
  const format = useFormat();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(new Blob([base64Bytes(preview.pdfBase64)], { type: "application/pdf" }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [preview.pdfBase64]);
  if (!url) return null;
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h5">
          {t.letter}
        </Title>
        <Anchor href={url} download={fileName}>
          {t.download(format.number(Math.max(1, Math.round(preview.bytes / 1024))))}
        </Anchor>
      </Group>
      <Box
        component="iframe"
        src={url}
        title={t.pdfFrame}
        style={{ width: "100%", height: 720, border: "1px solid var(--mantine-color-gray-4)", borderRadius: "var(--mantine-radius-sm)" }}
      />
    </Stack>
  );
}
