// Lifting a suppression: the address may get messages again, so it asks first and needs a reason
// (kept with the row for other staff; the row itself stays, marked lifted).
import { TextInput } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../../api/client.ts";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { useVocabulary } from "../../../i18n/vocabulary.ts";
import { SUPPRESSIONS_KEY, type Suppression } from "./api.ts";

const texts = defineTexts({
  nb: {
    lift: "Opphev", title: "Opphev sperring", confirm: "Opphev sperringen", reason: "Begrunnelse",
    reasonHint: "Hvorfor sperringen oppheves, for andre ansatte. Ikke skriv kontaktopplysninger.",
    message: (channel: string, reason: string, since: string) =>
      `Adressen kan få meldinger igjen. 1 sperring oppheves (${channel} · ${reason} · sperret ${since}); den blir stående i listen som opphevet.`,
  },
  en: {
    lift: "Lift", title: "Lift suppression", confirm: "Lift the suppression", reason: "Reason",
    reasonHint: "Why it is lifted, for other staff. Do not write contact details.",
    message: (channel: string, reason: string, since: string) =>
      `The address may get messages again. 1 suppression is lifted (${channel} · ${reason} · since ${since}); it stays in the list, marked lifted.`,
  },
});

export function LiftSuppression({ suppression }: { suppression: Suppression }) {
  const t = useTexts(texts);
  const format = useFormat();
  const vocabulary = useVocabulary();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState("");
  const lift = async () => {
    await api<Suppression>(`/suppressions/${suppression.id}`, { method: "DELETE", body: { reason: reason.trim() } });
    setReason("");
    await queryClient.invalidateQueries({ queryKey: SUPPRESSIONS_KEY });
  };
  return (
    <ConfirmAction
      label={t.lift}
      title={t.title}
      message={t.message(vocabulary.label("channel", suppression.channel), vocabulary.label("suppressionReason", suppression.reason), format.dateTime(suppression.at))}
      confirmLabel={t.confirm}
      color="red"
      variant="default"
      onConfirm={lift}
      ready={reason.trim().length > 0}
    >
      <TextInput label={t.reason} description={t.reasonHint} required maxLength={200} value={reason} onChange={(event) => setReason(event.currentTarget.value)} data-autofocus />
    </ConfirmAction>
  );
}
