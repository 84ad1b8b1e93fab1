import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { SessionProvider } from "../../api/session.tsx";
import { fakeFetch, renderWithProviders } from "../../test/render.tsx";
import TemplateEditorPage from "./TemplateEditorPage.tsx";
import { TemplatePreviewPanel } from "./TemplatePreviewPanel.tsx";

afterEach(() => vi.unstubAllGlobals());

// jsdom has no layout; CodeMirror measures text with these.
beforeAll(() => {
  const rects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList;
  const rect = () => ({ x: 0, y: 0, top: 0, left: 0, right: 0, bottom: 0, width: 0, height: 0, toJSON: () => ({}) }) as DOMRect;
  Range.prototype.getClientRects = rects;
  Range.prototype.getBoundingClientRect = rect;
});

const session = (permissions: string[]) => () => ({
  user: { id: 1, name: "Kari Kommunikasjon", email: "komm@budstikke.test", role: "communicator", scope: null },
  csrfToken: "csrf",
  mustEnrolTotp: false,
  permissions,
});

const problem = (status: number, issues: Array<{ path: string; message: string; line?: number; column?: number }>) =>
  new Response(JSON.stringify({ type: "urn:budstikke:problem:invalid", title: "Invalid input", status, kind: "invalid", detail: "Template refused", issues }), {
    status, headers: { "content-type": "application/problem+json" },
  });

describe("TemplateEditorPage", () => {
  it("shows a save problem with its line and column under the MJML editor and in the text", async () => {
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": session(["templates.read", "templates.write", "templates.preview"]),
      "POST /api/v1/templates": () =>
        problem(400, [
          {
            path: "email.nb.mjml", line: 5, column: 24,
            message: 'line 5, column 24: unknown variable "member.firstname"; did you mean "member.firstName"?',
          },
          { path: "body.name", message: "Too small: expected string to have >=1 characters" },
        ]),
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(<SessionProvider><TemplateEditorPage /></SessionProvider>);
    await userEvent.click(await screen.findByRole("button", { name: "Lagre mal" }));

    expect(await screen.findByText('Linje 5, kolonne 24: unknown variable "member.firstname"; did you mean "member.firstName"?')).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("2 feil i malen");
    expect(screen.getByText("Too small: expected string to have >=1 characters")).toBeTruthy();
    // The starter MJML's line 5 holds {{member.firstName}} at column 24: CodeMirror marks it.
    await waitFor(() => expect(document.querySelector(".cm-lintRange-error")?.textContent).toBe("member.firstName"));
    // The editor names its problems for screen readers.
    const editor = screen.getByRole("textbox", { name: "MJML" });
    expect(editor.getAttribute("aria-describedby")).toBeTruthy();
    const body = fetch.calls.find((c) => c.key === "POST /api/v1/templates")?.body as { email: { nb: { mjml: string } }; sampleData: object };
    expect(body.email.nb.mjml).toContain("<mj-text>Hei {{member.firstName}},</mj-text>");
    expect(body.sampleData).toEqual({});
  }, 30_000);
});

describe("TemplatePreviewPanel", () => {
  it("shows an SMS with its segments, character set and length", async () => {
    const fetch = fakeFetch({
      "GET /api/v1/auth/me": session(["templates.read", "templates.preview"]),
      "POST /api/v1/templates/7/preview": () => ({
        channel: "sms", templateVersionId: 12, memberNumber: null,
        body: "Hei Kari Åse, kurset er 3. mars.\nSvar STOPP for å melde deg av", segments: 2, encoding: "GSM-7", characters: 178,
      }),
    });
    vi.stubGlobal("fetch", fetch);
    renderWithProviders(
      <SessionProvider>
        <TemplatePreviewPanel templateId={7} version={2} channels={["sms"]} dirty={false} />
      </SessionProvider>,
    );
    expect(await screen.findByText("2 SMS-deler, GSM-7, 178 tegn")).toBeTruthy();
    expect(screen.getByText(/Hei Kari Åse, kurset er 3\. mars\./)).toBeTruthy();
    // Without members.read the preview is for the sample member only.
    expect(screen.getByText("Forhåndsvisningen bruker eksempelmedlemmet.")).toBeTruthy();
    expect(fetch.calls.find((c) => c.key === "POST /api/v1/templates/7/preview")?.body).toEqual({ channel: "sms", sample: true, version: 2 });
  }, 30_000);

  it("asks to save first when the editor has unsaved changes", async () => {
    vi.stubGlobal("fetch", fakeFetch({
      "GET /api/v1/auth/me": session(["templates.read", "templates.preview"]),
      "POST /api/v1/templates/7/preview": () => ({
        channel: "sms", templateVersionId: 12, memberNumber: null, body: "Hei", segments: 1, encoding: "UCS-2", characters: 3,
      }),
    }));
    renderWithProviders(
      <SessionProvider>
        <TemplatePreviewPanel templateId={7} version={2} channels={["sms"]} dirty />
      </SessionProvider>,
    );
    expect(await screen.findByText("Lagre for å forhåndsvise endringene.")).toBeTruthy();
    expect(await screen.findByText("1 SMS-del, UCS-2, 3 tegn")).toBeTruthy();
  }, 30_000);
});
