// Mantine's modal close button is an icon: it needs a name for screen readers (axe: button-name).
import { defineTexts, useTexts } from "../../../i18n/language.tsx";

const texts = defineTexts({ nb: { close: "Lukk" }, en: { close: "Close" } });

export function useCloseButtonProps(): { "aria-label": string } {
  return { "aria-label": useTexts(texts).close };
}
