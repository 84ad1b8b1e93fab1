// Header-like field blocks: the syntax shared by RFC 5322 header sections, RFC 3464 delivery
// status bodies (a per-message block, then one block per recipient, separated by blank lines)
// and RFC 5965 feedback reports. Reports come from many MTAs and are often sloppy, so this reads
// leniently (LF or CRLF, missing blank lines, stray lines without a colon) and with hard limits,
// because the input is whatever a stranger mailed us.

export interface Field {
  /** The field name in lower case, e.g. "final-recipient". */
  name: string;
  /** The unfolded value, trimmed. */
  value: string;
}

/** Enough for any real report; beyond this a "report" is an attack or garbage. */
const MAX_LINES = 2_000;
const MAX_VALUE_LENGTH = 4_000;
const FIELD_LINE = /^([!-9;-~]{1,76}):[ \t]*(.*)$/;

/**
 * Splits `text` into blocks of fields. A blank line ends a block; a line starting with
 * whitespace continues the previous field (RFC 5322 folding); a line that is not a field is
 * skipped rather than failing the whole report.
 */
export function fieldBlocks(text: string): Field[][] {
  const blocks: Field[][] = [];
  let current: Field[] = [];
  const lines = text.split(/\r?\n/, MAX_LINES);
  for (const line of lines) {
    if (line.trim() === "") {
      if (current.length > 0) blocks.push(current);
      current = [];
      continue;
    }
    const last = current[current.length - 1];
    if ((line.startsWith(" ") || line.startsWith("\t")) && last !== undefined) {
      if (last.value.length < MAX_VALUE_LENGTH) last.value = `${last.value} ${line.trim()}`.trim();
      continue;
    }
    const match = FIELD_LINE.exec(line);
    if (match?.[1] === undefined) continue;
    current.push({ name: match[1].toLowerCase(), value: (match[2] ?? "").trim().slice(0, MAX_VALUE_LENGTH) });
  }
  if (current.length > 0) blocks.push(current);
  return blocks;
}

/**
 * The header section of an embedded message (message/rfc822, text/rfc822-headers): its first
 * block of fields. Leading blank lines are tolerated because some MTAs write one after the
 * part's own MIME headers.
 */
export function headerSection(text: string): Field[] {
  return fieldBlocks(text.replace(/^(?:[ \t]*\r?\n)+/, ""))[0] ?? [];
}

/** The first value of a field, or null. */
export function fieldValue(fields: readonly Field[], name: string): string | null {
  return fields.find((f) => f.name === name)?.value ?? null;
}

/** Every value of a field, in order. */
export function fieldValues(fields: readonly Field[], name: string): string[] {
  return fields.filter((f) => f.name === name).map((f) => f.value);
}
