// The member's history as files to keep: CSV with labels in the member's language (for a
// spreadsheet) and JSON exactly as the contract's MemberHistory (for a machine). Pure.
import { stringify } from "csv-stringify/sync";
import type { MemberHistory } from "../contracts/history.ts";
import { basisText, consentText, purposeText, statusText, whyText, type HistoryTexts } from "./texts.ts";

export const HISTORY_CSV_COLUMNS = ["at_oslo", "campaign", "channel", "purpose", "status", "why", "lawful_basis", "consent_at_the_time"] as const;

const OSLO_PARTS = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Oslo", hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "longOffset",
});

/** ISO 8601 in Oslo time with its offset, e.g. 2026-07-06T14:00:00+02:00: unambiguous also in the autumn's repeated hour. */
export function osloIso(at: Date | string): string {
  const parts = Object.fromEntries(OSLO_PARTS.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const offset = parts.timeZoneName === "GMT" ? "+00:00" : (parts.timeZoneName ?? "").replace("GMT", "");
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/**
 * A spreadsheet reads a cell starting with = + - @ (or a tab or CR) as a formula; such text gets a
 * leading apostrophe, so a campaign name can never run as one on the member's machine (OWASP CSV injection).
 */
export function plainCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function historyCsv(history: MemberHistory, t: HistoryTexts): string {
  const rows = history.entries.map((e) => [
    osloIso(e.at),
    plainCell(e.campaignName),
    t.common.channels[e.channel],
    purposeText(t, e.purpose),
    statusText(t, e.status),
    plainCell(whyText(t, e.why)),
    basisText(t, e.why),
    consentText(t, e.consent),
  ]);
  // A byte order mark, so spreadsheet programs read æ, ø and å as UTF-8.
  return stringify(rows, { header: true, columns: [...HISTORY_CSV_COLUMNS], bom: true });
}

export function historyJson(history: MemberHistory): string {
  return `${JSON.stringify(history, null, 2)}\n`;
}
