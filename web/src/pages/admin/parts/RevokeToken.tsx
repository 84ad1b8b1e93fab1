// "Trekk tilbake": the token stops working at once and for good.
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client.ts";
import { ConfirmAction } from "../../../components/ConfirmAction.tsx";
import { defineTexts, useTexts } from "../../../i18n/language.tsx";
import { TOKENS_KEY, type ApiToken } from "./api.ts";

const texts = defineTexts({
  nb: {
    revoke: "Trekk tilbake", title: "Trekk tilbake API-token", confirm: "Ja, trekk tilbake",
    message: (name: string, owner: string) =>
      `1 API-token («${name}», tilhører ${owner}) slutter å virke med en gang. Skript og systemer som bruker det, får avvist forespørslene sine. Tokenet kan ikke tas i bruk igjen.`,
  },
  en: {
    revoke: "Revoke", title: "Revoke API token", confirm: "Yes, revoke",
    message: (name: string, owner: string) =>
      `1 API token (“${name}”, belonging to ${owner}) stops working at once. Scripts and systems using it get their requests refused. The token cannot be used again.`,
  },
});

export function RevokeToken({ token, owner }: { token: ApiToken; owner: string }) {
  const t = useTexts(texts);
  const queryClient = useQueryClient();
  const revoke = async () => {
    await api<ApiToken>(`/tokens/${token.id}`, { method: "DELETE" });
    await queryClient.invalidateQueries({ queryKey: TOKENS_KEY });
  };
  return <ConfirmAction label={t.revoke} title={t.title} message={t.message(token.name, owner)} confirmLabel={t.confirm} color="red" variant="default" onConfirm={revoke} />;
}
