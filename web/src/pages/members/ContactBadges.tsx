// Whether a member's email, mobile or postal address can be used, in words (not colour only),
// in the search results' contact columns and on the member page.
import { Badge } from "@mantine/core";
import type { z } from "zod";
import type { ContactStateSchema } from "../../../../src/contracts/members.ts";
import { defineTexts, useTexts } from "../../i18n/language.tsx";

export type ContactState = z.infer<typeof ContactStateSchema>;

const texts = defineTexts({
  nb: { valid: "gyldig", invalid: "ugyldig", missing: "mangler" },
  en: { valid: "valid", invalid: "invalid", missing: "missing" },
});

// Unusable contact points stand out (solid red); the others are tinted. The text stays dark (or
// white on the solid red) so it reads at 4.5:1 or better.
const LOOK: Record<ContactState, { variant: "light" | "filled"; color: string; text?: string }> = {
  valid: { variant: "light", color: "teal", text: "dark.6" },
  invalid: { variant: "filled", color: "red.9" },
  missing: { variant: "light", color: "gray", text: "dark.6" },
};

export function ContactStateBadge({ state }: { state: ContactState }) {
  const t = useTexts(texts);
  return (
    <Badge variant={LOOK[state].variant} color={LOOK[state].color} c={LOOK[state].text} tt="none" radius="sm" style={{ flexShrink: 0 }}>
      {t[state]}
    </Badge>
  );
}
