// A test email of a saved version, rendered for the sample member, to the user's own address
// (the API allows no other). The dialog names the template, version and language first.
import { Select } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import type { z } from "zod";
import type { TestSendQueued } from "../../../../src/contracts/templates.ts";
import { api } from "../../api/client.ts";
import { useSession } from "../../api/session.tsx";
import { ConfirmAction } from "../../components/ConfirmAction.tsx";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { useVocabulary } from "../../i18n/vocabulary.ts";
import { LANGUAGES, type TemplateLanguage } from "./draft.ts";

const texts = defineTexts({
  nb: {
    label: "Send test til meg", title: "Send test til meg", confirm: "Send testen", language: "Språk",
    message: (name: string, version: number, language: string, email: string) =>
      `Én e-post med malen «${name}», versjon ${version}, på ${language.toLowerCase()}, fylt ut for eksempelmedlemmet, sendes til din egen adresse (${email}). Ingen medlemmer får den.`,
    sent: (to: string) => `Testen er sendt til ${to}`,
  },
  en: {
    label: "Send a test to me", title: "Send a test to me", confirm: "Send the test", language: "Language",
    message: (name: string, version: number, language: string, email: string) =>
      `One email of the template “${name}”, version ${version}, in ${language}, filled in for the sample member, goes to your own address (${email}). No member gets it.`,
    sent: (to: string) => `The test has been sent to ${to}`,
  },
});

export function TestSendButton({ templateId, name, version }: { templateId: number; name: string; version: number }) {
  const t = useTexts(texts);
  const { label } = useVocabulary();
  const { session } = useSession();
  const [language, setLanguage] = useState<TemplateLanguage>("nb");
  return (
    <ConfirmAction
      label={t.label}
      variant="default"
      title={t.title}
      message={t.message(name, version, label("language", language), session?.user.email ?? "")}
      confirmLabel={t.confirm}
      onConfirm={async () => {
        const queued = await api<z.infer<typeof TestSendQueued>>(`/templates/${templateId}/test-send`, {
          method: "POST",
          body: { channel: "email", language, version },
        });
        notifications.show({ color: "green", message: t.sent(queued.to) });
      }}
    >
      <Select
        label={t.language}
        data={LANGUAGES.map((l) => ({ value: l, label: label("language", l) }))}
        value={language}
        onChange={(v) => v && setLanguage(v as TemplateLanguage)}
        allowDeselect={false}
        comboboxProps={{ withinPortal: false }}
      />
    </ConfirmAction>
  );
}
