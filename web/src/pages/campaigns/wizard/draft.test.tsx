import { describe, expect, it } from "vitest";
import { chosenInOrder, moved } from "./ChannelsStep.tsx";
import { definitionOf, draftFromDefinition, EMPTY_DRAFT, problemsOf, stepOfIssue } from "./draft.ts";

describe("the wizard's draft", () => {
  it("becomes the campaign JSON, with the send time as Oslo time and the segment version it showed", () => {
    const draft = {
      ...EMPTY_DRAFT, name: "  Kurs  ", purpose: "course" as const, segmentId: 4, segmentVersion: 2, channels: ["email" as const, "sms" as const],
      templateId: 9, when: "later" as const, sendAtWall: "2026-06-15 09:30:00",
    };
    expect(definitionOf(draft)).toEqual({
      name: "Kurs", purpose: "course", audience: { segmentId: 4, version: 2 }, channels: ["email", "sms"], templateId: 9, data: {},
      sendAt: "2026-06-15T09:30:00+02:00",
    });
    expect(definitionOf({ ...draft, audience: "rules", rules: { field: "status", op: "eq", value: "active" }, when: "now" })).toMatchObject({
      audience: { rules: { field: "status", op: "eq", value: "active" } },
    });
    expect(definitionOf({ ...draft, when: "now" })).not.toHaveProperty("sendAt");
  });

  it("comes back from a saved definition, inline content and data included", () => {
    const draft = draftFromDefinition({
      name: "Fra fil", purpose: "information", audience: { rules: { all: [] } }, channels: ["sms"], content: { sms: { body: "Hei" } }, data: { x: 1 },
      sendAt: "2026-12-02T08:00:00.000Z",
    });
    expect(draft).toMatchObject({ audience: "rules", rules: { all: [] }, channels: ["sms"], templateId: null, content: { sms: { body: "Hei" } }, when: "later", sendAtWall: "2026-12-02 09:00:00" });
    expect(definitionOf(draft)).toMatchObject({ content: { sms: { body: "Hei" } }, data: { x: 1 }, sendAt: "2026-12-02T09:00:00+01:00" });
  });

  it("keeps the channel order and sends channelMode only for first-available, which needs two channels", () => {
    const draft = { ...EMPTY_DRAFT, name: "Brev", purpose: "bargaining" as const, segmentId: 4, templateId: 9, channels: ["sms" as const, "letter" as const] };
    expect(definitionOf(draft)).not.toHaveProperty("channelMode");
    expect(definitionOf({ ...draft, channelMode: "first-available" })).toMatchObject({ channels: ["sms", "letter"], channelMode: "first-available" });
    expect(draftFromDefinition({ ...definitionOf({ ...draft, channelMode: "first-available" }), channels: ["letter", "email"] })).toMatchObject({
      channels: ["letter", "email"], channelMode: "first-available",
    });
    expect(problemsOf({ ...draft, channels: ["email"], channelMode: "first-available" }, 2)).toEqual(["channelOrder"]);
    expect(stepOfIssue("body.channelMode")).toBe(2);
    expect(chosenInOrder(["sms", "email"], ["email", "sms", "letter"])).toEqual(["sms", "email", "letter"]);
    expect(moved(["email", "sms", "letter"], 2, -1)).toEqual(["email", "letter", "sms"]);
    expect(moved(["email", "sms"], 0, -1)).toEqual(["email", "sms"]);
  });

  it("sends each of the API's field errors back to its step", () => {
    expect(["body.name", "body.audience.rules.all[0].value", "body.audience.segmentId", "body.channels", "body.templateId", "body.sendAt", "body"].map(stepOfIssue)).toEqual([0, 1, 1, 2, 3, 4, 4]);
  });

  it("keeps the user on a step until it is filled in", () => {
    expect(problemsOf(EMPTY_DRAFT, 0)).toEqual(["name", "purpose"]);
    expect(problemsOf({ ...EMPTY_DRAFT, name: "x", purpose: "newsletter" }, 0)).toEqual(["newsletter"]);
    expect(problemsOf({ ...EMPTY_DRAFT, audience: "rules", rules: { all: [] }, rulesIncomplete: 1 }, 1)).toEqual(["rulesIncomplete"]);
    expect(problemsOf({ ...EMPTY_DRAFT, channels: [] }, 2)).toEqual(["channels"]);
    expect(problemsOf({ ...EMPTY_DRAFT, when: "later", sendAtWall: "2026-12-01 09:00:00" }, 4, new Date("2026-12-02T00:00:00Z"))).toEqual(["sendAtPast"]);
  });
});
