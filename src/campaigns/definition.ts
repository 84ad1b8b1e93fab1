// The campaign JSON format: stable, accepted by the CLI now and the staff API later.
// The zod schema is the type (one definition validates input and types the code).
import { DomainError, type Issue } from "../errors.ts";
import { z } from "zod";
import { PURPOSES } from "../consent/purposes.ts";

const SendableChannel = z.enum(["email", "sms"]);

export const CampaignDefinitionSchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(200),
    purpose: z.enum(PURPOSES),
    audience: z.union([
      z.object({ segmentId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]), version: z.number().int().positive().optional() }).strict(),
      z.object({ rules: z.unknown() }).strict(),
    ]),
    channels: z.array(SendableChannel).min(1, "name at least one channel").refine((c) => new Set(c).size === c.length, "lists a channel twice"),
    templateId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]).optional(),
    /** Inline content; creates a template version through the template code, with the same checks. */
    content: z.record(z.string(), z.unknown()).optional(),
    /** For purpose `newsletter`: which newsletter (subscribers only). */
    newsletterId: z.number().int().positive().optional(),
    data: z.record(z.string(), z.unknown()).default({}),
    /** ISO 8601 with an offset, e.g. 2026-12-01T09:00:00+01:00. */
    sendAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if ((value.templateId === undefined) === (value.content === undefined)) {
      ctx.addIssue({ code: "custom", path: ["templateId"], message: "give exactly one of templateId and content" });
    }
    if (value.purpose === "newsletter" && value.newsletterId === undefined) {
      ctx.addIssue({ code: "custom", path: ["newsletterId"], message: "is required for purpose newsletter" });
    }
  });

export type CampaignDefinition = z.output<typeof CampaignDefinitionSchema>;

export class CampaignInputError extends DomainError {
  readonly problems: string[];
  constructor(problems: string[], issues?: Issue[]) {
    super("invalid", `Invalid campaign:\n${problems.map((p) => `  - ${p}`).join("\n")}`, issues ?? problems.map(issueFromProblem));
    this.name = "CampaignInputError";
    this.problems = problems;
  }
}

export function parseCampaignDefinition(input: unknown): CampaignDefinition {
  const parsed = CampaignDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new CampaignInputError(parsed.error.issues.map((i) => `${i.path.join(".") || "campaign"}: ${i.message}`));
  }
  return parsed.data;
}

/** "audience.rules.all[0]: message" → {path, message}. */
function issueFromProblem(problem: string): Issue {
  const at = problem.indexOf(": ");
  return at > 0 && !problem.slice(0, at).includes(" ") ? { path: problem.slice(0, at), message: problem.slice(at + 2) } : { path: "", message: problem };
}
