import { screen, waitFor, within } from "@testing-library/react";
import userEventBase from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Rule } from "../../../../src/segments/rules.ts";
import { fakeFetch } from "../../test/render.tsx";
import { renderInTestEnv } from "./testRender.tsx";
import { RuleTreeEditor } from "./RuleTreeEditor.tsx";
import { TEST_CATALOG } from "./testCatalog.ts";

beforeEach(() => vi.stubGlobal("fetch", fakeFetch({ "GET /api/v1/segments/fields": () => TEST_CATALOG })));
afterEach(() => vi.unstubAllGlobals());
// No pause between the events of one action: jsdom needs none, and the machine may be busy.
const userEvent = userEventBase.setup({ delay: null });

/** Opens a Mantine Select (or MultiSelect) and clicks an option by its visible name. */
async function pick(input: HTMLElement, option: string) {
  await userEvent.click(input);
  await userEvent.click(await screen.findByRole("option", { name: option }));
}

function renderEditor(value: Rule | null = null, issues: Array<{ path: string; message: string }> = []) {
  const onChange = vi.fn<(rule: Rule | null, info: { incomplete: number }) => void>();
  renderInTestEnv(<RuleTreeEditor value={value} onChange={onChange} issues={issues} />);
  const lastRule = () => onChange.mock.lastCall?.[0];
  return { onChange, lastRule };
}

const conditions = () => screen.getAllByRole("group", { name: /^Betingelse: / });

// Mantine inputs are slow to drive in jsdom; these tests click through many of them.
describe("RuleTreeEditor", { timeout: 60_000 }, () => {
  it("builds a condition from field, operator and value, in the stored rule format", async () => {
    const { onChange, lastRule } = renderEditor();
    await userEvent.click(await screen.findByRole("button", { name: "Legg til betingelse" }, { timeout: 10_000 }));
    // A condition without a value is reported as unfinished, not as a rule.
    expect(onChange).toHaveBeenLastCalledWith(null, { incomplete: 1 });

    const condition = conditions()[0]!;
    await pick(within(condition).getByLabelText("Felt", { selector: "input" }), "Medlemsstatus");
    await pick(within(condition).getByLabelText("Sammenligning", { selector: "input" }), "er en av");
    await pick(within(condition).getByLabelText("Verdier", { selector: "input" }), "Aktiv");
    await pick(within(condition).getByLabelText("Verdier", { selector: "input" }), "Student");
    expect(lastRule()).toEqual({ all: [{ field: "status", op: "in", value: ["active", "student"] }] });
    expect(onChange).toHaveBeenLastCalledWith(expect.anything(), { incomplete: 0 });

    await userEvent.click(screen.getAllByRole("button", { name: "Legg til betingelse" }).at(-1)!);
    const age = conditions()[1]!;
    await pick(within(age).getByLabelText("Felt", { selector: "input" }), "Alder");
    await pick(within(age).getByLabelText("Sammenligning", { selector: "input" }), "mellom");
    await userEvent.type(within(age).getByLabelText("Fra", { selector: "input" }), "30");
    await userEvent.type(within(age).getByLabelText("Til", { selector: "input" }), "39");
    expect(lastRule()).toEqual({
      all: [{ field: "status", op: "in", value: ["active", "student"] }, { field: "age", op: "between", value: [30, 39] }],
    });
  });

  it("nests a group, switches its kind, and removes it again", async () => {
    const { lastRule } = renderEditor({ all: [{ field: "status", op: "eq", value: "active" }] });
    await userEvent.click(await screen.findByRole("button", { name: "Legg til gruppe" }, { timeout: 10_000 }));
    const nested = screen.getByRole("group", { name: "Gruppe: Minst én må gjelde" });
    await pick(within(nested).getByLabelText("Felt", { selector: "input" }), "Har e-post");
    expect(lastRule()).toEqual({
      all: [{ field: "status", op: "eq", value: "active" }, { any: [{ field: "contact.email", op: "exists", value: true }] }],
    });

    await userEvent.click(within(nested).getByLabelText("Ikke", { selector: "input" }));
    expect(lastRule()).toEqual({
      all: [{ field: "status", op: "eq", value: "active" }, { not: { field: "contact.email", op: "exists", value: true } }],
    });

    await userEvent.click(within(screen.getByRole("group", { name: "Gruppe: Ikke" })).getByRole("button", { name: "Fjern gruppe" }));
    expect(screen.queryByRole("group", { name: "Gruppe: Ikke" })).toBeNull();
    expect(lastRule()).toEqual({ all: [{ field: "status", op: "eq", value: "active" }] });
  });

  it("offers only the operators the chosen field accepts", async () => {
    renderEditor();
    await userEvent.click(await screen.findByRole("button", { name: "Legg til betingelse" }, { timeout: 10_000 }));
    const condition = conditions()[0]!;
    const operators = async () => {
      await userEvent.click(within(condition).getByLabelText("Sammenligning", { selector: "input" }));
      const names = screen.getAllByRole("option").map((o) => o.textContent);
      await userEvent.keyboard("{Escape}");
      return names;
    };
    expect((within(condition).getByLabelText("Sammenligning", { selector: "input" }) as HTMLInputElement).disabled).toBe(true);

    await pick(within(condition).getByLabelText("Felt", { selector: "input" }), "Alder");
    expect(await operators()).toEqual(["er", "er ikke", "er en av", "er ingen av", "større enn", "minst", "mindre enn", "høyst", "mellom", "finnes"]);

    await pick(within(condition).getByLabelText("Felt", { selector: "input" }), "Kommune");
    expect(await operators()).toEqual(["er", "er ikke", "er en av", "er ingen av", "starter med", "finnes"]);

    await pick(within(condition).getByLabelText("Felt", { selector: "input" }), "Har e-post");
    expect(await operators()).toEqual(["er"]);
    expect((within(condition).getByRole("radio", { name: "Ja" }) as HTMLInputElement).checked).toBe(true);
  });

  it("shows a server problem at the condition its path points to", async () => {
    renderEditor(
      { all: [{ field: "status", op: "eq", value: "active" }, { field: "geo.postcode", op: "eq", value: "12" }] },
      [
        { path: "rules.all[1].value", message: "must be a 4-digit postcode" },
        { path: "rules.all[0].op", message: "status does not accept gt" },
      ],
    );
    const [status, postcode] = await screen.findAllByRole("group", { name: /^Betingelse: / }, { timeout: 10_000 });
    const value = within(postcode!).getByLabelText("Verdi", { selector: "input" });
    expect(value.getAttribute("aria-invalid")).toBe("true");
    expect(within(postcode!).getByText("must be a 4-digit postcode")).toBeTruthy();
    expect(within(status!).queryByText("must be a 4-digit postcode")).toBeNull();
    expect(within(status!).getByText("status does not accept gt")).toBeTruthy();
  });

  it("leaves unfinished conditions out, keeping paths of the rest in step", async () => {
    const { lastRule, onChange } = renderEditor({ any: [{ field: "status", op: "eq", value: "active" }] });
    await userEvent.click(await screen.findByRole("button", { name: "Legg til betingelse" }, { timeout: 10_000 }));
    await waitFor(() => expect(onChange).toHaveBeenLastCalledWith({ any: [{ field: "status", op: "eq", value: "active" }] }, { incomplete: 1 }));
    const fresh = conditions()[1]!;
    await pick(within(fresh).getByLabelText("Felt", { selector: "input" }), "Fylke");
    await pick(within(fresh).getByLabelText("Verdi", { selector: "input" }), "Vestland");
    expect(lastRule()).toEqual({ any: [{ field: "status", op: "eq", value: "active" }, { field: "geo.county", op: "eq", value: "46" }] });
  });
});
