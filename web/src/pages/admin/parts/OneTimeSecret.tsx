// A secret the server hands out once (an API token, a setup link): shown with a copy button and
// a warning, and gone when the dialog closes. It lives only in the caller's component state.
// The warning is red: Mantine's yellow and orange titles do not reach 4.5:1 contrast.
import { Alert, Button, Code, CopyButton, Group, Stack, Text } from "@mantine/core";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";

const texts = defineTexts({
  nb: { copied: "Kopiert", done: "Ferdig" },
  en: { copied: "Copied", done: "Done" },
});

export interface OneTimeSecretProps {
  /** What the secret is, e.g. "API-token", shown above it. */
  label: string;
  value: string;
  warningTitle: string;
  warning: string;
  copyLabel: string;
  onDone(): void;
}

export function OneTimeSecret({ label, value, warningTitle, warning, copyLabel, onDone }: OneTimeSecretProps) {
  const t = useTexts(texts);
  return (
    <Stack>
      <Alert color="red" title={warningTitle} role="status">
        {warning}
      </Alert>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Code block style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }} data-testid="one-time-secret">
        {value}
      </Code>
      <Group justify="flex-end">
        <CopyButton value={value} timeout={2000}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t.copied : copyLabel}
            </Button>
          )}
        </CopyButton>
        <Button onClick={onDone}>{t.done}</Button>
      </Group>
    </Stack>
  );
}
