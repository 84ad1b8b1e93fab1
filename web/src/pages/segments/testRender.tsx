// renderWithProviders with Mantine's test environment inside: no transitions and no portals, so
// the options of a Select are in the document as soon as it opens (jsdom runs no animations).
import { MantineProvider } from "@mantine/core";
import type { ReactNode } from "react";
import { renderWithProviders } from "../../test/render.tsx";
import { theme } from "../../theme.ts";

export function renderInTestEnv(ui: ReactNode, options: Parameters<typeof renderWithProviders>[1] = {}) {
  return renderWithProviders(
    <MantineProvider theme={theme} env="test">
      {ui}
    </MantineProvider>,
    options,
  );
}
