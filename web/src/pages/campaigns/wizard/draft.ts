// The wizard's working copy of a campaign, and its translation to and from the campaign JSON
// the API takes (POST /campaigns, PUT /campaigns/:id). Pure functions, so they are easy to test.
import type { z } from "zod";
import type { CampaignDefinitionBody } from "../../../../../src/contracts/campaigns.ts";
import type { Rule } from "../../../../../src/segments/rules.ts";
import { osloWallToIso, isoToOsloWall } from "./osloTime.ts";

export type CampaignDefinition = z.input<typeof CampaignDefinitionBody>;
export type Purpose = CampaignDefinition["purpose"];
export type SendChannel = CampaignDefinition["channels"][number];

export const PURPOSES: readonly Purpose[] = ["information", "campaign", "survey", "course", "bargaining", "newsletter", "service"];
/** What a shop steward may send (STEWARD_PURPOSES on the server). */
export const STEWARD_PURPOSES: readonly Purpose[] = ["information", "course", "survey"];
export const SEND_CHANNELS: readonly SendChannel[] = ["email", "sms", "letter"];
/** `all`: a message on every channel; `first-available`: one per member, on the first channel (in order) that works. */
export type ChannelMode = NonNullable<CampaignDefinition["channelMode"]>;

export interface Draft {
  name: string;
  purpose: Purpose | null;
  newsletterId: number | null;
  audience: "segment" | "rules";
  segmentId: number | null;
  /** The segment version the user saw (pinned when the draft is saved). */
  segmentVersion: number | null;
  rules: Rule | null;
  /** Unfinished conditions in the rule editor (they are not part of `rules`). */
  rulesIncomplete: number;
  /** In the order they are tried with first-available. */
  channels: SendChannel[];
  channelMode: ChannelMode;
  templateId: number | null;
  /** Inline content of a campaign made from a JSON file; kept until a template is chosen. */
  content: Record<string, unknown> | null;
  /** Template data (`data.*`) of a campaign made from a JSON file; kept as it is. */
  data: Record<string, unknown>;
  when: "now" | "later";
  /** "YYYY-MM-DD HH:mm:ss", Oslo wall time. */
  sendAtWall: string | null;
}

export const EMPTY_DRAFT: Draft = {
  name: "", purpose: null, newsletterId: null, audience: "segment", segmentId: null, segmentVersion: null, rules: null, rulesIncomplete: 0,
  channels: ["email"], channelMode: "all", templateId: null, content: null, data: {}, when: "now", sendAtWall: null,
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asNumber = (v: unknown): number | null => (typeof v === "number" ? v : typeof v === "string" && /^\d+$/.test(v) ? Number(v) : null);

/** The working copy of a saved campaign, from the definition it was last saved with. */
export function draftFromDefinition(definition: unknown): Draft {
  if (!isRecord(definition)) return EMPTY_DRAFT;
  const audience = isRecord(definition.audience) ? definition.audience : {};
  const bySegment = "segmentId" in audience;
  const sendAt = typeof definition.sendAt === "string" ? definition.sendAt : null;
  return {
    name: typeof definition.name === "string" ? definition.name : "",
    purpose: PURPOSES.includes(definition.purpose as Purpose) ? (definition.purpose as Purpose) : null,
    newsletterId: asNumber(definition.newsletterId),
    audience: bySegment || !("rules" in audience) ? "segment" : "rules",
    segmentId: bySegment ? asNumber(audience.segmentId) : null,
    segmentVersion: bySegment ? asNumber(audience.version) : null,
    rules: !bySegment && "rules" in audience ? (audience.rules as Rule) : null,
    rulesIncomplete: 0,
    // The definition's own order: with first-available it is the order the channels are tried in.
    channels: Array.isArray(definition.channels) ? definition.channels.filter((c): c is SendChannel => SEND_CHANNELS.includes(c as SendChannel)) : ["email"],
    channelMode: definition.channelMode === "first-available" ? "first-available" : "all",
    templateId: asNumber(definition.templateId),
    content: isRecord(definition.content) ? definition.content : null,
    data: isRecord(definition.data) ? definition.data : {},
    when: sendAt ? "later" : "now",
    sendAtWall: sendAt ? isoToOsloWall(sendAt) : null,
  };
}

/** The campaign JSON for the API. Call after the steps' checks have passed. */
export function definitionOf(draft: Draft): CampaignDefinition {
  return {
    name: draft.name.trim(),
    purpose: draft.purpose ?? "information",
    audience:
      draft.audience === "segment"
        ? { segmentId: draft.segmentId ?? 0, ...(draft.segmentVersion ? { version: draft.segmentVersion } : {}) }
        : { rules: draft.rules },
    channels: draft.channels,
    ...(draft.channelMode === "first-available" ? { channelMode: "first-available" as const } : {}),
    ...(draft.templateId !== null ? { templateId: draft.templateId } : draft.content ? { content: draft.content } : {}),
    ...(draft.purpose === "newsletter" && draft.newsletterId !== null ? { newsletterId: draft.newsletterId } : {}),
    data: draft.data,
    ...(draft.when === "later" && draft.sendAtWall ? { sendAt: osloWallToIso(draft.sendAtWall) } : {}),
  };
}

export const STEPS = ["purpose", "audience", "channels", "content", "schedule", "review"] as const;
export type Step = (typeof STEPS)[number];

// The API names fields under `body.` (the request body).
const STEP_OF_FIELD: Array<[string, number]> = [
  ["body.name", 0], ["body.purpose", 0], ["body.newsletterId", 0],
  ["body.audience", 1],
  ["body.channels", 2], ["body.channelMode", 2],
  ["body.templateId", 3], ["body.content", 3], ["body.data", 3],
  ["body.sendAt", 4],
];

/** The step whose fields an issue path concerns (the schedule step for anything else). */
export function stepOfIssue(path: string): number {
  const found = STEP_OF_FIELD.find(([prefix]) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
  return found ? found[1] : 4;
}

/** Paths the wizard shows next to a field (the rest go to the problem alert). */
export const SHOWN_PATHS = ["body.name", "body.purpose", "body.newsletterId", "body.audience", "body.channels", "body.channelMode", "body.templateId", "body.sendAt"];

export type StepProblem = "name" | "purpose" | "newsletter" | "segment" | "rules" | "rulesIncomplete" | "channels" | "channelOrder" | "template" | "sendAt" | "sendAtPast";

/** What keeps the user on a step (checked before "Neste"); the server checks everything again. */
export function problemsOf(draft: Draft, step: number, now: Date = new Date()): StepProblem[] {
  const problems: StepProblem[] = [];
  if (step === 0) {
    if (draft.name.trim() === "") problems.push("name");
    if (draft.purpose === null) problems.push("purpose");
    if (draft.purpose === "newsletter" && draft.newsletterId === null) problems.push("newsletter");
  } else if (step === 1) {
    if (draft.audience === "segment" && draft.segmentId === null) problems.push("segment");
    if (draft.audience === "rules" && draft.rules === null) problems.push("rules");
    if (draft.audience === "rules" && draft.rulesIncomplete > 0) problems.push("rulesIncomplete");
  } else if (step === 2) {
    if (draft.channels.length === 0) problems.push("channels");
    else if (draft.channelMode === "first-available" && draft.channels.length < 2) problems.push("channelOrder");
  } else if (step === 3) {
    if (draft.templateId === null && draft.content === null) problems.push("template");
  } else if (step === 4 && draft.when === "later") {
    if (!draft.sendAtWall) problems.push("sendAt");
    else if (Date.parse(osloWallToIso(draft.sendAtWall)) < now.getTime()) problems.push("sendAtPast");
  }
  return problems;
}
