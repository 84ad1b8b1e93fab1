// Where a refused save's problems belong. The API names them two ways: the request check says
// `body.email.nb.subject`, the template check `email.nb.mjml` (with line and column, and the
// message starting "line 4, column 16: "). Both become `email.nb.mjml` here, and the message
// loses its English position prefix because the UI says the position itself.
import { ApiError } from "../../api/client.ts";
import type { Channel, TemplateLanguage } from "./draft.ts";

export interface FieldIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export function normalizePath(path: string): string {
  return path.replace(/^body(\.|$)/, "").replace(/^template(\.|$)/, "");
}

export function saveIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || error.status !== 400) return [];
  return error.issues.map((issue) => ({
    path: normalizePath(issue.path),
    message: issue.message.replace(/^line \d+(, column \d+)?: /, ""),
    ...(issue.line !== undefined ? { line: issue.line } : {}),
    ...(issue.column !== undefined ? { column: issue.column } : {}),
  }));
}

/** The fields the editor shows per channel and language; their issues appear beside them. */
export const LANGUAGE_FIELDS: Record<Channel, readonly string[]> = { email: ["subject", "mjml", "text"], sms: ["body"], letter: ["body"] };
/** Channel-wide fields. */
export const CHANNEL_FIELDS: Record<Channel, readonly string[]> = { email: [], sms: [], letter: ["returnLine", "place"] };
export const TOP_FIELDS = ["name", "purpose", "sampleData"] as const;

export const at = (issues: FieldIssue[], path: string) => issues.filter((issue) => issue.path === path);

export function under(issues: FieldIssue[], prefix: string): FieldIssue[] {
  return issues.filter((issue) => issue.path === prefix || issue.path.startsWith(`${prefix}.`));
}

/** Issues of a channel and language that no field shows (a failed render of the sample member). */
export function languageLeftovers(issues: FieldIssue[], channel: Channel, language: TemplateLanguage): FieldIssue[] {
  const fields = LANGUAGE_FIELDS[channel].map((f) => `${channel}.${language}.${f}`);
  return under(issues, `${channel}.${language}`).filter((issue) => !fields.includes(issue.path));
}

/** Issues of a channel outside every language and channel-wide field. */
export function channelLeftovers(issues: FieldIssue[], channel: Channel): FieldIssue[] {
  const fields = CHANNEL_FIELDS[channel].map((f) => `${channel}.${f}`);
  return under(issues, channel).filter((issue) => {
    const second = issue.path.split(".")[1];
    return !fields.includes(issue.path) && !(second === "nb" || second === "nn" || second === "en");
  });
}

/** Issues nothing in the form shows: they go in the alert at the top. */
export function unplacedIssues(issues: FieldIssue[]): FieldIssue[] {
  const placed = (path: string) =>
    (TOP_FIELDS as readonly string[]).includes(path) || ["email", "sms", "letter"].some((c) => path === c || path.startsWith(`${c}.`));
  return issues.filter((issue) => !placed(issue.path));
}
