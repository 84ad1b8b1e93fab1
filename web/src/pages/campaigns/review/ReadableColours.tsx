// Mantine's "dimmed" grey (#868e96, 3.3:1 on white) and error red (#fa5252, 3.3:1) are below the
// 4.5:1 contrast axe asks for; inside this box they are gray.7 (8:1) and red.9 (5.6:1). CSS
// variables cascade, so every description, hint and field error below it reads. (Belongs in the
// theme, for every screen; until then, our screens wrap themselves in it.)
import { Box } from "@mantine/core";
import type { CSSProperties, ReactNode } from "react";

const READABLE = {
  "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
  "--mantine-color-error": "var(--mantine-color-red-9)",
} as CSSProperties;

export function ReadableColours({ children }: { children: ReactNode }) {
  return <Box style={READABLE}>{children}</Box>;
}

/** For a yellow Alert with a title: Mantine's yellow title is 2.3:1 on its tinted background. */
export const WARNING_STYLES = { title: { color: "var(--mantine-color-text)" } };
