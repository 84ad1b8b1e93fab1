// Renders a component as the app would (Mantine, TanStack Query, language, a memory router),
// for component tests in jsdom. Network calls go through `fetch`, which a test replaces.
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, type RenderResult } from "@testing-library/react";
import type { ReactNode } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";
import { LanguageProvider, type Language } from "../i18n/language.tsx";
import { theme } from "../theme.ts";

export function renderWithProviders(ui: ReactNode, options: { language?: Language; path?: string } = {}): RenderResult {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const router = createMemoryRouter([{ path: "*", element: ui }], { initialEntries: [options.path ?? "/"] });
  return render(
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <LanguageProvider initial={options.language ?? "nb"}>
          <RouterProvider router={router} />
        </LanguageProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** A fetch that answers JSON per "METHOD /api/v1/path" (query string ignored); unknown calls fail the test loudly. */
export function fakeFetch(routes: Record<string, (body: unknown, url: URL) => unknown>): typeof fetch & { calls: Array<{ key: string; body: unknown }> } {
  const calls: Array<{ key: string; body: unknown }> = [];
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), "http://localhost");
    const key = `${init?.method ?? "GET"} ${url.pathname}`;
    const body = typeof init?.body === "string" && init.body.startsWith("{") ? JSON.parse(init.body) : init?.body;
    calls.push({ key, body });
    const handler = routes[key];
    if (!handler) throw new Error(`fakeFetch: no route for ${key}`);
    const result = handler(body, url);
    if (result instanceof Response) return result;
    return new Response(JSON.stringify(result), { status: 200, headers: { "content-type": "application/json" } });
  }) as typeof fetch & { calls: Array<{ key: string; body: unknown }> };
  fn.calls = calls;
  return fn;
}
