// The campaign JSON format: stable, accepted by the CLI now and the staff API later.
// The zod schema is the type (one definition validates input and types the code).
import { DomainError, type Issue } from "../errors.ts";
import { z } from "zod";
import { PURPOSES } from "../consent/purposes.ts";

const SendableChannel = z.enum(["email", "sms", "letter"]);

// ── newsletters ──
const SubscribersAudience = z
  .object({
    subscribersOf: z.number().int().positive().describe("The newsletter whose confirmed subscribers are the audience"),
    segmentId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]).optional().describe("Only subscribers also in this segment (its latest version)"),
  })
  .strict();

/** The newsletter whose subscribers a stored campaign definition targets, or null for other audiences. */
export function subscribersAudienceOf(definition: unknown): { newsletterId: number } | null {
  const audience = (definition as { audience?: unknown } | null)?.audience;
  const parsed = SubscribersAudience.safeParse(audience);
  return parsed.success ? { newsletterId: parsed.data.subscribersOf } : null;
}
// ── end newsletters ──

export const CampaignDefinitionSchema = z
  .object({
    name: z.string().trim().min(1, "must not be empty").max(200),
    purpose: z.enum(PURPOSES),
    audience: z.union([
      z.object({ segmentId: z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]), version: z.number().int().positive().optional() }).strict(),
      z.object({ rules: z.unknown() }).strict(),
      // ── newsletters: a newsletter's confirmed subscribers (the ledger), optionally ∩ a segment ──
      SubscribersAudience,
      // ── end newsletters ──
      // ── uploaded audience: the member numbers of a CSV attached to the campaign (src/campaigns/audience-list.ts) ──
      z.object({ list: z.literal(true) }).strict(),
    ]),
    channels: z.array(SendableChannel).min(1, "name at least one channel").refine((c) => new Set(c).size === c.length, "lists a channel twice"),
    /**
     * `all` (default): a message on every listed channel. `first-available`: ONE message per member,
     * on the first listed channel that consent allows and that has a valid address, decided at send time.
     */
    channelMode: z.enum(["all", "first-available"]).default("all"),
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
    if (value.channelMode === "first-available" && value.channels.length < 2) {
      ctx.addIssue({ code: "custom", path: ["channelMode"], message: "first-available needs at least two channels, in the order to try them" });
    }
    if (value.purpose === "newsletter" && value.newsletterId === undefined) {
      ctx.addIssue({ code: "custom", path: ["newsletterId"], message: "is required for purpose newsletter" });
    }
    // ── newsletters ──
    if ("subscribersOf" in value.audience) {
      if (value.purpose !== "newsletter") ctx.addIssue({ code: "custom", path: ["audience", "subscribersOf"], message: "is an audience for purpose newsletter only" });
      else if (value.newsletterId !== undefined && value.newsletterId !== value.audience.subscribersOf) {
        ctx.addIssue({ code: "custom", path: ["audience", "subscribersOf"], message: "must be the campaign's newsletterId" });
      }
    }
    // ── end newsletters ──
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
