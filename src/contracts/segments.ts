// Segments: the preview, saved segments and their versions.
import { z } from "zod";
import { MemberStatus } from "../generated/prisma/enums.ts";
import { LANGUAGES, MEMBER_STATUSES, SECTORS } from "../members/fields.ts";
import { FIELD_NAMES, OPERATORS, type ValueKind } from "../segments/fields.ts";
import type { Rule } from "../segments/rules.ts";
import { PageQuery, pageOf } from "./common.ts";

/**
 * Segment rules in the stored JSON format: a condition `{field, op, value}` or a group `{all: […]}`,
 * `{any: […]}`, `{not: …}`. Checked by the service rather than here, so that every problem comes
 * back at once with its path under `rules` (e.g. `rules.all[1].value`) and a message naming
 * the allowed fields, operators and values.
 */
export const RulesJson = z.custom<Rule>((value) => value !== undefined, { error: "is required: the segment rules, a condition or a group" }).meta({
  description:
    "Segment rules: a condition {field, op, value} or a group {all: [...]}, {any: [...]}, {not: ...}. Invalid rules give a 400 whose issues have paths under `rules`.",
  examples: [{ all: [{ field: "status", op: "eq", value: "active" }, { field: "geo.county", op: "in", value: ["Vestland", "03"] }] }],
});

export const PreviewBody = z.object({ rules: RulesJson });

export const PreviewSchema = z
  .object({
    count: z.number().int(),
    breakdown: z.object({
      county: z.record(z.string(), z.number().int()).describe("Members per county name; (unknown) without a municipality"),
      status: z.record(z.string(), z.number().int()),
      reachable: z
        .object({ email: z.number().int(), sms: z.number().int(), letter: z.number().int() })
        .describe("Members with a usable email address, mobile number or postal address (present and not marked invalid); consent is decided at send time"),
    }),
    sample: z.array(
      z.object({ memberNumber: z.string(), name: z.string(), municipality: z.string().nullable(), status: z.enum(MemberStatus) }),
    ).describe("Up to 10 members, lowest member id first"),
    evaluatedOn: z.string().describe("The Europe/Oslo date `age` was evaluated on (YYYY-MM-DD)"),
  })
  .meta({ id: "SegmentPreview" });

export const SegmentVersionSchema = z
  .object({ id: z.number().int().describe("The version id campaigns refer to"), version: z.number().int(), rules: RulesJson, createdAt: z.string() })
  .meta({ id: "SegmentVersion" });

export const SegmentSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    versions: z.array(SegmentVersionSchema).describe("Newest first"),
  })
  .meta({ id: "Segment" });

export const SegmentSummarySchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    latestVersion: z.number().int(),
    latestVersionId: z.number().int(),
    updatedAt: z.string(),
  })
  .meta({ id: "SegmentSummary" });
export const SegmentPage = pageOf(SegmentSummarySchema).meta({ id: "SegmentPage" });
export const SegmentListQuery = PageQuery;

const Name = z.string().trim().min(1, "must not be empty").max(200);
const Description = z.string().max(2000);

export const CreateSegmentBody = z.object({ name: Name, description: Description.optional(), rules: RulesJson });
export const UpdateSegmentBody = z.object({
  name: Name.optional().describe("A new name; omitted: unchanged"),
  description: Description.optional().describe("A new description; omitted: unchanged"),
  rules: RulesJson.describe("The rules of the new version"),
});

const VALUE_KINDS = [
  "status", "language", "sector", "code", "name", "date", "age", "county", "municipality", "postcode", "contact",
] as const satisfies readonly ValueKind[];

/** What a rule editor needs: the fields of the rule format and the choices for its pickers. */
export const SegmentFieldsSchema = z
  .object({
    fields: z
      .array(z.object({ name: z.enum(FIELD_NAMES), kind: z.enum(VALUE_KINDS), ops: z.array(z.enum(OPERATORS)) }))
      .describe("Every field of the rule format, with the kind of value it holds and the operators it accepts"),
    options: z.object({
      status: z.array(z.enum(MEMBER_STATUSES)),
      language: z.array(z.enum(LANGUAGES)),
      sector: z.array(z.enum(SECTORS)),
      counties: z.array(z.object({ number: z.string(), name: z.string() })).describe("The 2024 counties, by number"),
      municipalities: z
        .array(z.object({ number: z.string(), name: z.string().nullable(), countyNumber: z.string() }))
        .describe("Known municipalities, by number; the name is null when the registry gave none"),
      agreements: z.array(z.string()).describe("Distinct collective agreements in the member register, sorted (at most 500)"),
    }),
  })
  .meta({ id: "SegmentFields" });

export type SegmentFields = z.infer<typeof SegmentFieldsSchema>;
export type SegmentPreview = z.infer<typeof PreviewSchema>;
export type SegmentView = z.infer<typeof SegmentSchema>;
export type SegmentSummaryView = z.infer<typeof SegmentSummarySchema>;
