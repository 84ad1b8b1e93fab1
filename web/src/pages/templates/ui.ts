// Small look-and-feel constants the template screens share.
import type { CSSProperties } from "react";

/** Mantine's light yellow alert puts its title in #e67700 on #fff3bf (2.7:1); the title here reads at 4.5:1 or more. */
export const warningAlert = { color: "yellow", styles: { title: { color: "var(--mantine-color-dark-7)" } } } as const;

/**
 * Mantine's "dimmed" grey (#868e96) and error red (#fa5252) are 3.3:1 on white, under WCAG's
 * 4.5:1; descriptions, hints and field errors inside these screens use darker shades.
 * (Better fixed once in the theme.)
 */
export const readableColors = {
  "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
  "--mantine-color-error": "var(--mantine-color-red-9)",
} as CSSProperties;
