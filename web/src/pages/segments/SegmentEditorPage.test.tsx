import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEventBase from "@testing-library/user-event";
import { useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import type { SessionSchema } from "../../../../src/contracts/auth.ts";
import type { SegmentPreview, SegmentView } from "../../../../src/contracts/segments.ts";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch } from "../../test/render.tsx";
import SegmentEditorPage from "./SegmentEditorPage.tsx";
import { TEST_CATALOG } from "./testCatalog.ts";
import { renderInTestEnv } from "./testRender.tsx";

afterEach(() => vi.unstubAllGlobals());
// No pause between the events of one action: jsdom needs none, and the machine may be busy.
const userEvent = userEventBase.setup({ delay: null });
// jsdom has no document.fonts, which Mantine's autosizing Textarea listens to.
if (!("fonts" in document)) Object.defineProperty(document, "fonts", { value: { addEventListener() {}, removeEventListener() {} } });

function session(permissions: string[]): z.infer<typeof SessionSchema> {
  return {
    user: {
      id: 1, email: "komm@example.no", name: "Kari", role: "communicator", scope: { employers: [], branches: [] }, disabled: false,
      totpEnabled: false, pendingSetup: false, lastLoginAt: null, createdAt: "2026-01-01T00:00:00Z",
    },
    csrfToken: "csrf", mustEnrolTotp: false, permissions,
  };
}

const WRITER = ["segments.read", "segments.preview", "segments.write"];

function previewOf(count: number): SegmentPreview {
  return {
    count,
    breakdown: { county: { Oslo: count - 2, Vestland: 2 }, status: { active: count }, reachable: { email: count - 1, sms: 3, letter: count } },
    sample: [],
    evaluatedOn: "2026-12-01",
  };
}

function RouterLocation() {
  return <output data-testid="location">{useLocation().pathname}</output>;
}

async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  await userEvent.click(await screen.findByRole("option", { name: option }));
}

const input = (scope: HTMLElement, label: string) => within(scope).getByLabelText(label, { selector: "input" });

describe("SegmentEditorPage", { timeout: 60_000 }, () => {
  it("asks for one count after several quick changes and shows it with the breakdown", async () => {
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": () => session(WRITER),
      "GET /api/v1/segments/fields": () => TEST_CATALOG,
      "POST /api/v1/segments/preview": (body) => previewOf(1000 + Number((body as { rules: { all: Array<{ value: number }> } }).rules.all[0]!.value)),
    });
    vi.stubGlobal("fetch", fetch);
    renderInTestEnv(<SessionProvider><SegmentEditorPage /></SessionProvider>, { path: "/segments/new" });

    await userEvent.click(await screen.findByRole("button", { name: "Legg til betingelse" }, { timeout: 10_000 }));
    const condition = screen.getByRole("group", { name: /^Betingelse: / });
    await pick(input(condition, "Felt"), "Alder");
    await pick(input(condition, "Sammenligning"), "minst");
    // Four changes in a row, with no chance for a timer to run between them: one request, for the last.
    const value = input(condition, "Verdi");
    for (const text of ["3", "34", "345", "34"]) fireEvent.change(value, { target: { value: text } });

    const count = screen.getByRole("status", { name: "Antall medlemmer" });
    await waitFor(() => expect(count.textContent).toBe("1\u00a0034"), { timeout: 10_000 });
    const previews = fetch.calls.filter((c) => c.key === "POST /api/v1/segments/preview");
    expect(previews.map((c) => c.body)).toEqual([{ rules: { all: [{ field: "age", op: "gte", value: 34 }] } }]);
    expect(count.getAttribute("aria-live")).toBe("polite");
    expect(within(screen.getByRole("table", { name: "Kan nås" })).getByRole("row", { name: /SMS/ }).textContent).toContain("3");
    expect(within(screen.getByRole("table", { name: "Etter fylke" })).getByRole("row", { name: /Vestland/ }).textContent).toContain("2");
  });

  it("saves a new segment with its rules and opens it", async () => {
    const saved: SegmentView = {
      id: 7, name: "Seniorer", description: "", createdAt: "2026-12-01T10:00:00Z", updatedAt: "2026-12-01T10:00:00Z",
      versions: [{ id: 70, version: 1, rules: { all: [{ field: "age", op: "gte", value: 67 }] }, createdAt: "2026-12-01T10:00:00Z" }],
    };
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": () => session(WRITER),
      "GET /api/v1/segments/fields": () => TEST_CATALOG,
      "POST /api/v1/segments/preview": () => previewOf(12),
      "POST /api/v1/segments": () => saved,
    });
    vi.stubGlobal("fetch", fetch);
    renderInTestEnv(<SessionProvider><SegmentEditorPage /><RouterLocation /></SessionProvider>, { path: "/segments/new" });

    await userEvent.type(await screen.findByLabelText(/^Navn/, { selector: "input" }, { timeout: 10_000 }), "Seniorer");
    await userEvent.click(await screen.findByRole("button", { name: "Legg til betingelse" }, { timeout: 10_000 }));
    // Saving with an unfinished condition is refused here, not sent.
    await userEvent.click(screen.getByRole("button", { name: "Lagre segment" }));
    expect(screen.getByRole("alert").textContent).toContain("ikke fylt ut");
    const condition = screen.getByRole("group", { name: /^Betingelse: / });
    await pick(input(condition, "Felt"), "Alder");
    await pick(input(condition, "Sammenligning"), "minst");
    await userEvent.type(input(condition, "Verdi"), "67");
    await userEvent.click(screen.getByRole("button", { name: "Lagre segment" }));

    await waitFor(() => expect(screen.getByTestId("location").textContent).toBe("/segments/7"), { timeout: 10_000 });
    expect(fetch.calls.filter((c) => c.key === "POST /api/v1/segments").map((c) => c.body)).toEqual([
      { name: "Seniorer", description: "", rules: { all: [{ field: "age", op: "gte", value: 67 }] } },
    ]);
  });

  it("shows a preview's rule problem at its condition and hides saving from those who may not save", async () => {
    vi.stubGlobal("fetch", fakeFetch({
      "GET /api/v1/auth/me": () => session(["segments.read", "segments.preview"]),
      "GET /api/v1/segments/fields": () => TEST_CATALOG,
      "POST /api/v1/segments/preview": () =>
        new Response(JSON.stringify({
          type: "about:blank", title: "Invalid", status: 400, kind: "invalid",
          issues: [{ path: "rules.all[0].value", message: "must be a 4-digit postcode" }],
        }), { status: 400, headers: { "content-type": "application/problem+json" } }),
    }));
    renderInTestEnv(<SessionProvider><SegmentEditorPage /></SessionProvider>, { path: "/segments/new" });

    await userEvent.click(await screen.findByRole("button", { name: "Legg til betingelse" }, { timeout: 10_000 }));
    const condition = screen.getByRole("group", { name: /^Betingelse: / });
    await pick(input(condition, "Felt"), "Postnummer");
    await userEvent.type(input(condition, "Verdi"), "12");
    await waitFor(() => expect(within(condition).getByText("must be a 4-digit postcode")).toBeTruthy(), { timeout: 10_000 });
    expect(screen.queryByRole("button", { name: /Lagre/ })).toBeNull();
    expect(screen.queryByLabelText(/^Navn/, { selector: "input" })).toBeNull();
  });
});
