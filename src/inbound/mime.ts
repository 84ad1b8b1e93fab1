// The MIME layer: mailparser reads the structure, and this turns its result into the little the
// judges need (top-level headers, the readable text, the report parts), with every limit that
// keeps a hostile message from costing much. Report parts are kept as attachments on purpose
// (keepDeliveryStatus, ignoreEmbedded): their raw fields are what we parse, not a rendering.
import { simpleParser, type ParsedMail, type SimpleParserOptions } from "mailparser";
import type { HeaderLookup } from "./auto-reply.ts";
import { normaliseMessageId } from "./identifiers.ts";

export type ReportPartKind = "delivery-status" | "feedback-report" | "message" | "headers";

export interface ReportPart {
  kind: ReportPartKind;
  /** The decoded part, cut to MAX_PART_CHARS. */
  text: string;
}

export interface MimeView {
  messageId: string | null;
  subject: string;
  fromAddress: string;
  fromName: string;
  /** Content-Type report-type parameter of the top-level message, lower case. */
  reportType: string | null;
  header: HeaderLookup;
  /** The plain text, or the HTML as text when there is no plain part; cut to MAX_TEXT_CHARS. */
  text: string;
  parts: ReportPart[];
}

export type MimeResult = { ok: true; view: MimeView } | { ok: false; reason: string };

const PART_KINDS: Readonly<Record<string, ReportPartKind>> = {
  "message/delivery-status": "delivery-status",
  "message/global-delivery-status": "delivery-status",
  "message/feedback-report": "feedback-report",
  "message/rfc822": "message",
  "message/global": "message",
  "text/rfc822-headers": "headers",
  "message/global-headers": "headers",
};

/** A real report has three or four parts; the rest of a message's attachments are not looked at. */
const MAX_PARTS_LOOKED_AT = 50;
const MAX_PART_CHARS = 256 * 1024;
const MAX_TEXT_CHARS = 512 * 1024;
/** mailparser has no cancellation; a parse that has not finished by then is given up on. */
const PARSE_DEADLINE_MS = 15_000;

const OPTIONS: SimpleParserOptions = {
  keepDeliveryStatus: true,
  ignoreEmbedded: true,
  checksumAlgo: false,
  skipTextToHtml: true,
  skipTextLinks: true,
  skipImageLinks: true,
  keepCidLinks: true,
  maxHtmlLengthToParse: 2 * 1024 * 1024,
  maxHeadSize: 256 * 1024,
  maxChildNodes: 500,
};

/** Top-level header values by lower-case name: unfolded, undecoded (addresses and markers are ASCII). */
function headerLookup(mail: ParsedMail): HeaderLookup {
  const values = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines) {
    const colon = line.indexOf(":");
    const value = (colon === -1 ? "" : line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, " ").trim();
    const list = values.get(key) ?? [];
    list.push(value);
    values.set(key, list);
  }
  return (name) => values.get(name.toLowerCase()) ?? [];
}

function reportTypeOf(header: HeaderLookup): string | null {
  const contentType = header("content-type")[0] ?? "";
  return /;\s*report-type\s*=\s*"?([A-Za-z0-9_-]{1,40})/i.exec(contentType)?.[1]?.toLowerCase() ?? null;
}

function toView(mail: ParsedMail): MimeView {
  const parts: ReportPart[] = [];
  for (const attachment of mail.attachments.slice(0, MAX_PARTS_LOOKED_AT)) {
    const kind = PART_KINDS[attachment.contentType.toLowerCase()];
    if (kind === undefined) continue;
    parts.push({ kind, text: attachment.content.subarray(0, MAX_PART_CHARS).toString("utf8") });
  }
  const from = mail.from?.value[0];
  const header = headerLookup(mail);
  return {
    messageId: normaliseMessageId(mail.messageId),
    subject: (mail.subject ?? "").slice(0, 2_000),
    fromAddress: (from?.address ?? "").toLowerCase(),
    fromName: from?.name ?? "",
    reportType: reportTypeOf(header),
    header,
    text: (mail.text ?? "").slice(0, MAX_TEXT_CHARS),
    parts,
  };
}

function failureReason(error: unknown): string {
  const message = error instanceof Error ? error.message : "";
  if (/child nodes/i.test(message)) return "too many MIME parts";
  if (/header size/i.test(message)) return "header too large";
  return "unparseable MIME";
}

/** Parses `raw`; never rejects. */
export async function readMime(raw: Buffer): Promise<MimeResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<MimeResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, reason: "parse took too long" }), PARSE_DEADLINE_MS);
    timer.unref();
  });
  // The parse promise is settled into a result so that a late rejection, after the deadline won,
  // is not an unhandled rejection.
  const parsing = simpleParser(raw, OPTIONS)
    .then((mail): MimeResult => ({ ok: true, view: toView(mail) }))
    .catch((error: unknown): MimeResult => ({ ok: false, reason: failureReason(error) }));
  try {
    return await Promise.race([parsing, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
