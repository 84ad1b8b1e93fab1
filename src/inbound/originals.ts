// Where the message points back at what we sent: the original's Message-ID and our VERP return
// path. Sources are kept in tiers of reliability and only the best non-empty tier is used, so a
// bounce that returns our headers is not muddied by Message-IDs mentioned elsewhere in its text.
import { headerSection, type Field } from "./fields.ts";
import type { MimeView } from "./mime.ts";
import { messageIdsIn, unique, verpTagsIn } from "./identifiers.ts";

export interface OriginalTiers {
  /** Message-ID of the returned original (message/rfc822, text/rfc822-headers) and report fields. */
  returned: string[];
  /** "Message-ID: <…>" lines in the text (NDRs that quote the original inline). */
  text: string[];
  /** In-Reply-To and References of the inbound message itself (auto-replies, human replies). */
  reply: string[];
}

/** Headers whose addresses say where the inbound message was delivered (so possibly our VERP). */
const DELIVERY_HEADERS = ["to", "delivered-to", "x-original-to", "envelope-to", "x-envelope-to"];

const MESSAGE_ID_LINE = /^[ \t>]*(?:x-)?(?:original-)?message-id:[ \t]*(?:\r?\n[ \t]+)?(<[^<>\s@]{1,200}@[^<>\s@]{1,200}>)/gim;

/** The header sections of every returned original in the report. */
export function returnedHeaders(view: MimeView): Field[][] {
  return view.parts.filter((p) => p.kind === "message" || p.kind === "headers").map((p) => headerSection(p.text));
}

export function originalTiers(view: MimeView, returned: readonly Field[][], reportIds: readonly string[]): OriginalTiers {
  const fromReturned = returned.flatMap((fields) => fields.filter((f) => f.name === "message-id").flatMap((f) => messageIdsIn(f.value)));
  return {
    returned: unique([...fromReturned, ...reportIds]),
    text: unique(Array.from(view.text.matchAll(MESSAGE_ID_LINE), (m) => m[1] ?? "").filter((id) => id !== "")),
    reply: unique([...view.header("in-reply-to"), ...view.header("references")].flatMap(messageIdsIn)),
  };
}

/** The first non-empty tier in `order`, without the inbound message's own Message-ID. */
export function pickOriginals(tiers: OriginalTiers, order: ReadonlyArray<keyof OriginalTiers>, ownId: string | null): string[] {
  const own = ownId?.toLowerCase();
  for (const key of order) {
    const ids = tiers[key].filter((id) => id.toLowerCase() !== own);
    if (ids.length > 0) return ids;
  }
  return [];
}

/** Addresses the message was delivered to: envelope recipients and the delivery headers. */
export function deliveryAddresses(view: MimeView, envelopeRecipients: readonly string[]): string[] {
  return [...envelopeRecipients, ...DELIVERY_HEADERS.flatMap((name) => view.header(name))];
}

/** VERP tags from where the message was delivered, the returned headers, extra report values and the text. */
export function collectVerpTags(view: MimeView, envelopeRecipients: readonly string[], returned: readonly Field[][], extra: readonly string[]): string[] {
  const sources = [
    ...deliveryAddresses(view, envelopeRecipients),
    ...returned.flatMap((fields) => fields.map((f) => f.value)),
    ...extra,
    view.text,
  ];
  return unique(sources.flatMap(verpTagsIn));
}
