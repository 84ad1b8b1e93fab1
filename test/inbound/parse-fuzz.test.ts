// readInbound reads whatever strangers mail us, so it must survive anything: random bytes,
// real reports cut short or damaged, boundaries duplicated or lost, huge header lines, deep
// nesting, charsets and encodings that do not exist. It never throws or rejects, always keeps the
// contract of src/inbound/types.ts, and damage never invents the verdicts the intake acts on
// (hard_bounce suppresses an address, complaint too, unsubscribe_request opts a member out).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readInbound } from "../../src/inbound/parse.ts";
import type { InboundClues, InboundVerdict } from "../../src/inbound/types.ts";
import { expectContract } from "./contract.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures/inbound");
const context = { unsubscribeMailbox: "unsubscribe@ntl.example.no" };
const expected = JSON.parse(readFileSync(join(FIXTURES, "expected.json"), "utf8")) as Record<string, { verdict: InboundVerdict }>;
/** Fixtures as latin1 strings: one character per byte, so any byte survives the round trip. */
const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith(".eml"))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(FIXTURES, name)).toString("latin1"), verdict: expected[name]?.verdict ?? "unknown" }));

/** The verdicts that make the intake act on a member; damage must not produce them out of nothing. */
const CONSEQUENTIAL: readonly InboundVerdict[] = ["hard_bounce", "complaint", "unsubscribe_request"];

async function readSafely(raw: Buffer): Promise<InboundClues> {
  const clues = await readInbound(raw, context);
  expectContract(clues);
  return clues;
}

type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "flip"; at: number[]; byte: number }
  | { kind: "duplicate-boundary"; which: number; to: number }
  | { kind: "remove-boundary"; which: number }
  | { kind: "huge-header"; length: number }
  | { kind: "charset"; to: string }
  | { kind: "encoding"; to: string }
  | { kind: "nest"; depth: number };

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("truncate" as const), at: fraction }),
  // Flipped bytes are non-ASCII or control characters: they can break a letter or digit, never make one.
  fc.record({ kind: fc.constant("flip" as const), at: fc.array(fraction, { minLength: 1, maxLength: 30 }), byte: fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 8 })) }),
  fc.record({ kind: fc.constant("duplicate-boundary" as const), which: fc.nat(), to: fraction }),
  fc.record({ kind: fc.constant("remove-boundary" as const), which: fc.nat() }),
  fc.record({ kind: fc.constant("huge-header" as const), length: fc.integer({ min: 1_000, max: 400_000 }) }),
  fc.record({ kind: fc.constant("charset" as const), to: fc.constantFrom("x-bogus", "utf-7", "", '"', "utf-16le", "iso-2022-jp", "ebcdic-cp-us") }),
  fc.record({ kind: fc.constant("encoding" as const), to: fc.constantFrom("base64", "quoted-printable", "x-uuencode", "8bit", "gar bage") }),
  fc.record({ kind: fc.constant("nest" as const), depth: fc.integer({ min: 1, max: 40 }) }),
);

function boundaryLines(text: string): Array<{ start: number; end: number }> {
  return Array.from(text.matchAll(/^--[^\r\n]*\r?\n/gm), (m) => ({ start: m.index, end: m.index + m[0].length }));
}

function mutate(text: string, m: Mutation): string {
  switch (m.kind) {
    case "truncate":
      return text.slice(0, Math.floor(text.length * m.at));
    case "flip": {
      const chars = text.split("");
      for (const at of m.at) chars[Math.floor(chars.length * at)] = String.fromCharCode(m.byte);
      return chars.join("");
    }
    case "duplicate-boundary": {
      const lines = boundaryLines(text);
      const line = lines[m.which % Math.max(lines.length, 1)];
      if (line === undefined) return text;
      const at = Math.floor(text.length * m.to);
      return text.slice(0, at) + text.slice(line.start, line.end) + text.slice(at);
    }
    case "remove-boundary": {
      const lines = boundaryLines(text);
      const line = lines[m.which % Math.max(lines.length, 1)];
      return line === undefined ? text : text.slice(0, line.start) + text.slice(line.end);
    }
    case "huge-header":
      return `X-Padding: ${"a".repeat(m.length)}\r\n${text}`;
    case "charset":
      return text.replace(/charset="?[^";\s]*"?/gi, `charset="${m.to}"`);
    case "encoding":
      return text.replace(/^(Content-Transfer-Encoding:)[^\r\n]*/gim, `$1 ${m.to}`);
    case "nest": {
      // The message becomes the innermost part of `depth` nested multipart/mixed levels.
      let out = text;
      for (let level = 0; level < m.depth; level++) {
        out = `Content-Type: multipart/mixed; boundary="nest${level}"\r\n\r\n--nest${level}\r\n${out}\r\n--nest${level}--\r\n`;
      }
      return out;
    }
  }
}

/** Random MIME trees: deep, with report parts, odd boundaries (one a prefix of another), charsets and encodings. */
const { node: mimeTree } = fc.letrec<{ node: string; leaf: string; multi: string }>((tie) => ({
  node: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("multi")),
  leaf: fc
    .record({
      type: fc.constantFrom("text/plain", "text/html", "message/delivery-status", "message/feedback-report", "message/rfc822", "text/rfc822-headers", "message/global", "application/octet-stream"),
      charset: fc.constantFrom("utf-8", "iso-8859-1", "x-bogus", "utf-7", ""),
      encoding: fc.constantFrom("7bit", "8bit", "base64", "quoted-printable", "binary", "x-unknown"),
      lines: fc.array(
        fc.oneof(
          fc.constantFrom("Action: failed", "Action: delayed", "Status: 5.1.1", "Status: 9.9.9", "Final-Recipient: rfc822;", "Feedback-Type:", "Message-ID: <", "Return-Path: <bounces+", " folded", ""),
          fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
        ),
        { maxLength: 12 },
      ),
    })
    .map(({ type, charset, encoding, lines }) => `Content-Type: ${type}; charset=${charset}\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n${lines.join("\r\n")}`),
  multi: fc
    .record({
      subtype: fc.constantFrom("mixed", "report; report-type=delivery-status", "report; report-type=feedback-report", "alternative", "related"),
      boundary: fc.constantFrom("b", "b1", "=_x", "-", "b b"),
      children: fc.array(tie("node"), { maxLength: 4 }),
      closed: fc.boolean(),
    })
    .map(({ subtype, boundary, children, closed }) =>
      `Content-Type: multipart/${subtype}; boundary="${boundary}"\r\n\r\n${children.map((c) => `--${boundary}\r\n${c}\r\n`).join("")}${closed ? `--${boundary}--\r\n` : ""}`,
    ),
}));

describe("when random bytes arrive", () => {
  it("should never throw, keep the contract, and never read them as a hard bounce, complaint or unsubscribe", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 8_192 }), async (bytes) => {
        const clues = await readSafely(Buffer.from(bytes));
        expect(CONSEQUENTIAL).not.toContain(clues.verdict);
      }),
      { numRuns: 300 },
    );
  });
});

describe("when a real report arrives damaged", () => {
  it("should never throw, keep the contract, and never produce a consequential verdict the undamaged message did not have", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (fixture, mutations) => {
        const damaged = mutations.reduce(mutate, fixture.text);
        const clues = await readSafely(Buffer.from(damaged, "latin1"));
        if (CONSEQUENTIAL.includes(clues.verdict)) expect(clues.verdict).toBe(fixture.verdict);
      }),
      { numRuns: 400 },
    );
  });
});

describe("when a message is a random MIME tree", () => {
  it("should never throw and keep the contract", async () => {
    const headers = fc.constantFrom("", "From: MAILER-DAEMON@mx.example.com\r\nSubject: Undelivered Mail Returned to Sender\r\n", "Auto-Submitted: auto-replied\r\n", "To: unsubscribe@ntl.example.no\r\n");
    await fc.assert(
      fc.asyncProperty(headers, mimeTree, async (top, tree) => {
        await readSafely(Buffer.from(`${top}MIME-Version: 1.0\r\n${tree}`, "latin1"));
      }),
      { numRuns: 300 },
    );
  });
});
