// What every wizard step gets: the working copy, a way to change it, and the messages to show
// at its fields (the step's own checks after "Neste", and the API's answer to saving).
import { fieldError } from "../../../api/client.ts";
import type { Draft, StepProblem } from "./draft.ts";
import type { WizardTexts } from "./texts.ts";

export interface StepProps {
  draft: Draft;
  update(patch: Partial<Draft>): void;
  /** The step's own problems, shown once the user has tried to go on. */
  problems: readonly StepProblem[];
  /** The API's refusal of the last save (field issues under `body.`). */
  saveError: unknown;
}

/** The message for a field: the step's own check first, then the API's. */
export function messageFor(t: WizardTexts, props: Pick<StepProps, "problems" | "saveError">, problems: StepProblem[], path?: string): string | undefined {
  const own = problems.find((p) => props.problems.includes(p));
  if (own) return t.problems[own];
  return path ? fieldError(props.saveError, path) : undefined;
}
