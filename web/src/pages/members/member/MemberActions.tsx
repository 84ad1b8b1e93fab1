// The admin's GDPR actions on one member: export everything held (art. 15) as a JSON file, and
// erase (art. 17) through a confirmation that says what goes and what stays.
import { Button, List } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { z } from "zod";
import type { ErasureSchema, MemberDetail, MemberExport } from "../../../../../src/contracts/members.ts";
import { api } from "../../../api/client.ts";
import { useSession } from "../../../api/session.tsx";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { ProblemAlert } from "../../../components/ProblemAlert.tsx";
import { useFormat } from "../../../i18n/format.ts";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";

const texts = defineTexts({
  nb: {
    export: "Eksporter data (innsyn)", erase: "Slett medlem", eraseTitle: (n: string) => `Slette medlem ${n}?`, confirm: "Slett medlemmet for godt",
    intro: "Dette kan ikke angres. Sletting etter GDPR artikkel 17:",
    erased: "Slettes: navn, fødselsdato, innmeldingsdato, avdeling, e-post, mobilnummer, postadresse, kommune og fylke, alle arbeidsforhold og gjeldende samtykkevalg. Medlemsnummeret fjernes, og medlemmet blir ikke lenger funnet.",
    keptRefusals: (n: string) =>
      `Beholdes som nøkkelhash av medlemsnummeret: reservasjoner og protester (opt-outs), nå ${n}, slik at de gjelder igjen om medlemmet importeres på nytt.`,
    keptRest: (suppressions: string, deliveries: string, events: string) =>
      `Beholdes uten personopplysninger: sperringer (${suppressions}, lagret som hash av adressen), utsendelser (${deliveries}) og hendelser i samtykkeloggen (${events}).`,
    done: (n: string, kept: string) => `Medlem ${n} er slettet. Reservasjoner og protester beholdt som hash: ${kept}.`,
    doneTitle: "Medlemmet er slettet",
  },
  en: {
    export: "Export data (access request)", erase: "Erase member", eraseTitle: (n: string) => `Erase member ${n}?`, confirm: "Erase the member for good",
    intro: "This cannot be undone. Erasure under GDPR article 17:",
    erased: "Erased: name, birth date, join date, branch, email, mobile number, postal address, municipality and county, every employment and the current consent choices. The member number is removed and the member can no longer be found.",
    keptRefusals: (n: string) =>
      `Kept as a keyed hash of the member number: opt-outs and objections, now ${n}, so they apply again if the member is imported anew.`,
    keptRest: (suppressions: string, deliveries: string, events: string) =>
      `Kept without personal data: suppressions (${suppressions}, stored as a hash of the address), deliveries (${deliveries}) and consent ledger events (${events}).`,
    done: (n: string, kept: string) => `Member ${n} has been erased. Opt-outs and objections kept as hashes: ${kept}.`,
    doneTitle: "The member has been erased",
  },
});

const REFUSALS = new Set(["opt_out", "objection", "withdrawal"]);

export function MemberActions({ member }: { member: MemberDetail }) {
  const { can } = useSession();
  return (
    <>
      {can("members.export") && <ExportButton memberNumber={member.memberNumber} />}
      {can("members.erase") && <EraseButton member={member} />}
    </>
  );
}

function ExportButton({ memberNumber }: { memberNumber: string }) {
  const t = useTexts(texts);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await api<MemberExport>(`/members/${encodeURIComponent(memberNumber)}/export`);
      saveJson(data, `innsyn-${memberNumber}-${data.exportedAt.slice(0, 10)}.json`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button variant="default" loading={busy} onClick={() => void download()}>
        {t.export}
      </Button>
      <ProblemAlert error={error} />
    </>
  );
}

/** Hands the browser a file made in memory: nothing goes through a URL the server sees. */
function saveJson(data: unknown, fileName: string) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function EraseButton({ member }: { member: MemberDetail }) {
  const t = useTexts(texts);
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const refusals = member.consent.current.filter((c) => REFUSALS.has(c.action)).length;
  const erase = async () => {
    const result = await api<z.infer<typeof ErasureSchema>>(`/members/${encodeURIComponent(member.memberNumber)}/erase`, { method: "POST" });
    notifications.show({ title: t.doneTitle, message: t.done(member.memberNumber, format.number(result.restrictionsKept)), color: "green" });
    // Away first, so the page does not ask again for a member who no longer exists.
    await navigate("/members", { replace: true });
    queryClient.removeQueries({ queryKey: ["member", member.memberNumber] });
    await queryClient.invalidateQueries({ queryKey: ["members"] });
  };
  return (
    <ConfirmAction
      label={t.erase}
      title={t.eraseTitle(member.memberNumber)}
      color="red"
      confirmLabel={t.confirm}
      onConfirm={erase}
      message={t.intro}
    >
      <List size="sm" spacing="xs">
        <List.Item>{t.erased}</List.Item>
        <List.Item>{t.keptRefusals(format.number(refusals))}</List.Item>
        <List.Item>{t.keptRest(format.number(member.suppressions.length), format.number(member.deliveries.length), format.number(member.consent.history.length))}</List.Item>
      </List>
    </ConfirmAction>
  );
}
