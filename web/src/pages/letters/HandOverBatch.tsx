// Marking a print batch handed over to Posten: its letters become delivered, and that cannot be
// undone, so it asks first, with the handover date (today in Oslo unless staff say otherwise).
import { TextInput, VisuallyHidden } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmAction } from "../../components/ConfirmAction.tsx";
import { useFormat } from "../../i18n/format.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";
import { lettersKeys, markHandedOver, osloToday, type PrintBatch } from "./api.ts";

const texts = defineTexts({
  nb: {
    mark: "Merk som levert", markHidden: (n: number) => `til Posten: trykkbunke ${n}`, title: "Levert til Posten", confirm: "Merk som levert",
    message: (number: number, campaign: string, letters: string) =>
      `Trykkbunke ${number} av «${campaign}» (${letters} brev) merkes som levert til Posten. Brevene regnes da som levert; det kan ikke angres.`,
    date: "Levert dato", dateHint: "Dagen bunken ble levert (norsk dato). Ikke en dag fram i tid.",
  },
  en: {
    mark: "Mark handed over", markHidden: (n: number) => `to Posten: print batch ${n}`, title: "Handed over to Posten", confirm: "Mark handed over",
    message: (number: number, campaign: string, letters: string) =>
      `Print batch ${number} of “${campaign}” (${letters} letters) is marked handed over to Posten. Its letters then count as delivered; this cannot be undone.`,
    date: "Date handed over", dateHint: "The day the batch was handed over (Norwegian date). Not a day in the future.",
  },
});

export function HandOverBatch({ batch, today = osloToday }: { batch: PrintBatch; today?: () => string }) {
  const t = useTexts(texts);
  const format = useFormat();
  const queryClient = useQueryClient();
  const latest = today();
  const [on, setOn] = useState(latest);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(on) && on <= latest;
  const confirm = async () => {
    await markHandedOver(batch.id, on);
    // The campaign's letter counts change too (sent → delivered).
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: lettersKeys.all }),
      queryClient.invalidateQueries({ queryKey: ["campaigns", batch.campaignId] }),
    ]);
  };
  return (
    <ConfirmAction
      // Short in a table cell; the full name (which batch) for screen readers.
      label={
        <>
          {t.mark}{" "}
          <VisuallyHidden>{t.markHidden(batch.number)}</VisuallyHidden>
        </>
      }
      title={t.title}
      message={t.message(batch.number, batch.campaignName, format.number(batch.letters))}
      confirmLabel={t.confirm}
      variant="light"
      onConfirm={confirm}
      ready={valid}
    >
      <TextInput
        type="date"
        label={t.date}
        description={t.dateHint}
        descriptionProps={{ c: "gray.7" }}
        required
        max={latest}
        value={on}
        onChange={(event) => setOn(event.currentTarget.value)}
        data-autofocus
      />
    </ConfirmAction>
  );
}
