// Disabling a user ends their sessions and revokes their API tokens at once (for good: enabling
// again does not bring the tokens back); enabling lets them log in again.
import { useQueryClient } from "@tanstack/react-query";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { patchUser, TOKENS_KEY, USERS_KEY, type StaffUser } from "./api.ts";

const texts = defineTexts({
  nb: {
    disable: "Deaktiver", disableTitle: (name: string) => `Deaktiver ${name}`, disableConfirm: "Deaktiver og logg ut brukeren",
    disableMessage: (name: string, tokens: number | null) =>
      `Brukeren logges ut: 1 bruker (${name}) mister alle pågående økter og kan ikke logge inn igjen før kontoen aktiveres. ` +
      (tokens === null ? "Alle brukerens API-tokens trekkes tilbake for godt." : tokens === 0 ? "Brukeren har ingen aktive API-tokens." : tokens === 1 ? "1 aktivt API-token trekkes tilbake for godt." : `${tokens} aktive API-tokens trekkes tilbake for godt.`),
    enable: "Aktiver", enableTitle: (name: string) => `Aktiver ${name}`, enableConfirm: "Aktiver brukeren",
    enableMessage: (name: string) => `1 bruker (${name}) kan logge inn igjen, med samme rolle og tilgang som før. API-tokens som ble trukket tilbake, forblir tilbakekalt.`,
  },
  en: {
    disable: "Disable", disableTitle: (name: string) => `Disable ${name}`, disableConfirm: "Disable and log the user out",
    disableMessage: (name: string, tokens: number | null) =>
      `The user is logged out: 1 user (${name}) loses every open session and cannot log in until the account is enabled. ` +
      (tokens === null ? "All of the user's API tokens are revoked for good." : tokens === 0 ? "The user has no active API tokens." : tokens === 1 ? "1 active API token is revoked for good." : `${tokens} active API tokens are revoked for good.`),
    enable: "Enable", enableTitle: (name: string) => `Enable ${name}`, enableConfirm: "Enable the user",
    enableMessage: (name: string) => `1 user (${name}) can log in again, with the same role and access as before. Revoked API tokens stay revoked.`,
  },
});

/** `activeTokens`: how many of the user's API tokens still work (null when unknown). */
export function ToggleDisabled({ user, activeTokens, disabled }: { user: StaffUser; activeTokens: number | null; disabled?: boolean }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const toggle = async () => {
    await patchUser(user.id, { disabled: !user.disabled });
    await Promise.all([queryClient.invalidateQueries({ queryKey: USERS_KEY }), queryClient.invalidateQueries({ queryKey: TOKENS_KEY })]);
  };
  return user.disabled ? (
    <ConfirmAction label={t.enable} title={t.enableTitle(user.name)} message={t.enableMessage(user.name)} confirmLabel={t.enableConfirm} variant="default" disabled={disabled} onConfirm={toggle} />
  ) : (
    <ConfirmAction
      label={t.disable}
      title={t.disableTitle(user.name)}
      message={t.disableMessage(user.name, activeTokens)}
      confirmLabel={t.disableConfirm}
      color="red"
      variant="default"
      disabled={disabled}
      onConfirm={toggle}
    />
  );
}
