// The invariants of InboundClues (src/inbound/types.ts) that hold for every input, shared by the
// fixture tests and the property tests.
import { expect } from "vitest";
import type { InboundClues, InboundVerdict } from "../../src/inbound/types.ts";

const VERDICTS: readonly InboundVerdict[] = ["hard_bounce", "soft_bounce", "complaint", "auto_reply", "unsubscribe_request", "unknown"];

export function expectContract(clues: InboundClues): void {
  expect(VERDICTS).toContain(clues.verdict);
  expect(Object.keys(clues).sort()).toEqual(
    ["verdict", "messageId", "status", "diagnostic", "feedbackType", "originalMessageIds", "verpTags", "recipients", "tokens", "reason"].sort(),
  );
  if (clues.messageId !== null) expect(clues.messageId).toMatch(/^<[^<>\s]+>$/);
  if (clues.status !== null) expect(clues.status).toMatch(/^[245]\.\d{1,3}\.\d{1,3}$/);
  if (clues.diagnostic !== null) {
    expect(clues.diagnostic.length).toBeLessThanOrEqual(300);
    expect(clues.diagnostic).not.toMatch(/\s{2}|^\s|\s$/);
  }
  if (clues.feedbackType !== null) expect(clues.feedbackType).toBe(clues.feedbackType.toLowerCase());
  expect(clues.feedbackType !== null).toBe(clues.verdict === "complaint");
  for (const id of clues.originalMessageIds) expect(id).toMatch(/^<[^<>\s]+@[^<>\s]+>$/);
  if (clues.messageId !== null) expect(clues.originalMessageIds).not.toContain(clues.messageId);
  expect(new Set(clues.originalMessageIds).size).toBe(clues.originalMessageIds.length);
  expect(new Set(clues.verpTags).size).toBe(clues.verpTags.length);
  for (const tag of clues.verpTags) expect(tag).toMatch(/^[A-Za-z0-9._=-]+$/);
  for (const address of clues.recipients) expect(address).toBe(address.toLowerCase());
  for (const token of clues.tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
  if (clues.verdict !== "unsubscribe_request") expect(clues.tokens).toEqual([]);
  expect(clues.reason !== null).toBe(clues.verdict === "unknown");
  if (clues.verdict === "hard_bounce") expect(clues.status === null || clues.status.startsWith("5.")).toBe(true);
}
