// Members: search summaries, the member view, the GDPR export, erasure and CSV import reports.
import { z } from "zod";
import { ConsentAction, ConsentSource, DeliveryStatus, Language, MemberStatus, Sector, SuppressionReason } from "../generated/prisma/enums.ts";
import { PageQuery, pageOf } from "./common.ts";

const Iso = z.string().describe("ISO 8601 instant");
const IsoDate = z.string().describe("YYYY-MM-DD");

export const MemberNumberParams = z.object({
  number: z.string().min(1).max(64).describe("The member number (as in the member registry)"),
});

export const MemberSearchQuery = PageQuery.extend({
  q: z
    .string()
    .max(200)
    .optional()
    .describe(
      "Words that must each match a member's name or email (substring; one or two letters: the start of a name), " +
        "member number (prefix), employer (name or organisation number) or municipality (name or number). Empty: every member.",
    ),
});

export const ContactStateSchema = z.enum(["valid", "invalid", "missing"]).describe("missing: none on file; invalid: marked unusable (bounce, wrong number, returned letter)");

export const MemberSummarySchema = z
  .object({
    memberNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    status: z.enum(MemberStatus),
    branch: z.string().nullable(),
    municipality: z.string().nullable().describe("Name, or number when the name is unknown"),
    employer: z.string().nullable().describe("The primary employment's employer"),
    contact: z.object({ email: ContactStateSchema, mobile: ContactStateSchema, address: ContactStateSchema }),
  })
  .meta({ id: "MemberSummary" });
export const MemberPage = pageOf(MemberSummarySchema).meta({ id: "MemberPage" });

const EmploymentSchema = z
  .object({
    isPrimary: z.boolean(),
    employerOrgNumber: z.string().nullable(),
    employerName: z.string().nullable(),
    sector: z.enum(Sector).nullable(),
    agreement: z.string().nullable(),
    workplace: z.string().nullable(),
    position: z.string().nullable(),
  })
  .meta({ id: "Employment" });

const ConsentEventSchema = z
  .object({
    id: z.string(),
    purpose: z.string().describe("A purpose, or all"),
    channel: z.string().describe("A channel, or all"),
    newsletterId: z.number().int().nullable(),
    action: z.enum(ConsentAction),
    source: z.enum(ConsentSource),
    actor: z.string().describe("Who recorded it: member, user:ID or system:NAME"),
    at: Iso,
    basis: z.string().nullable().describe("Lawful basis or consent text version"),
    campaignId: z.number().int().nullable(),
  })
  .meta({ id: "ConsentEvent" });

const ConsentStateSchema = z.object({
  purpose: z.string(),
  channel: z.string(),
  newsletterId: z.number().int().nullable(),
  action: z.enum(ConsentAction),
  at: Iso,
});

const SuppressionSchema = z.object({
  channel: z.string(),
  reason: z.enum(SuppressionReason),
  source: z.string().nullable(),
  at: Iso,
});

const MemberDeliverySchema = z
  .object({
    campaignId: z.number().int(),
    campaignName: z.string(),
    channel: z.string(),
    status: z.enum(DeliveryStatus),
    reason: z.string().nullable(),
    attempts: z.number().int(),
    createdAt: Iso,
    sentAt: Iso.nullable(),
    deliveredAt: Iso.nullable(),
    failedAt: Iso.nullable(),
  })
  .meta({ id: "MemberDelivery" });

/** Who the member is: the fields the member view and the export share. */
const MemberIdentity = {
  memberNumber: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  birthDate: IsoDate.nullable(),
  language: z.enum(Language),
  status: z.enum(MemberStatus),
  joinedOn: IsoDate.nullable(),
  branch: z.string().nullable(),
};

export const MemberDetailSchema = z
  .object({
    ...MemberIdentity,
    municipality: z.object({ number: z.string(), name: z.string().nullable() }).nullable(),
    county: z.object({ number: z.string(), name: z.string().nullable() }).nullable(),
    contact: z.object({
      email: z.object({ address: z.string().nullable(), state: ContactStateSchema, invalidAt: Iso.nullable() }),
      mobile: z.object({ number: z.string().nullable(), state: ContactStateSchema, invalidAt: Iso.nullable() }),
      address: z.object({
        line: z.string().nullable(),
        postcode: z.string().nullable(),
        city: z.string().nullable(),
        country: z.string(),
        state: ContactStateSchema,
        invalidAt: Iso.nullable(),
      }),
    }),
    employments: z.array(EmploymentSchema).describe("Primary first"),
    consent: z.object({
      history: z.array(ConsentEventSchema).describe("The ledger, oldest first"),
      current: z.array(ConsentStateSchema).describe("The latest action per purpose × channel (× newsletter)"),
    }),
    suppressions: z.array(SuppressionSchema).describe("Active suppressions of the member's email address and mobile number"),
    deliveries: z.array(MemberDeliverySchema).describe("Every message to the member, newest first"),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .meta({ id: "MemberDetail" });

/** GDPR art. 15: everything held about the member. */
export const MemberExportSchema = z
  .object({
    exportedAt: Iso,
    member: z.object({
      id: z.number().int(),
      ...MemberIdentity,
      email: z.string().nullable(),
      emailInvalidAt: Iso.nullable(),
      mobile: z.string().nullable(),
      mobileInvalidAt: Iso.nullable(),
      addressLine: z.string().nullable(),
      postcode: z.string().nullable(),
      city: z.string().nullable(),
      country: z.string(),
      addressInvalidAt: Iso.nullable(),
      municipalityNumber: z.string().nullable(),
      countyNumber: z.string().nullable(),
      createdAt: Iso,
      updatedAt: Iso,
    }),
    employments: z.array(EmploymentSchema.extend({ createdAt: Iso, updatedAt: Iso })),
    consent: z.object({
      history: z.array(ConsentEventSchema),
      current: z.array(ConsentStateSchema.omit({ at: true })),
      carriedOver: z
        .array(z.object({ purpose: z.string(), channel: z.string(), newsletterId: z.number().int().nullable(), action: z.enum(ConsentAction) }))
        .describe("Refusals carried over from an earlier, erased record with the same member number"),
    }),
    suppressions: z.array(SuppressionSchema.extend({ liftedAt: Iso.nullable() })),
    deliveries: z.array(MemberDeliverySchema.omit({ campaignName: true })),
  })
  .meta({ id: "MemberExport" });

export const ErasureSchema = z
  .object({
    erased: z.literal(true),
    restrictionsKept: z.number().int().describe("Opt-outs and objections kept (by a keyed hash of the member number) for a later re-import"),
  })
  .meta({ id: "Erasure" });

const Flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "");

export const ImportQuery = z.object({
  fullSync: Flag.describe("Mark members absent from the file as resigned (never deleted)"),
  force: Flag.describe("With fullSync: resign however many are absent (normally refused above FULL_SYNC_MAX_RESIGN_SHARE)"),
  dryRun: Flag.describe("Validate and count everything, then write nothing"),
});

export const ImportReportSchema = z
  .object({
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    resigned: z.number().int().describe("Members marked resigned by fullSync"),
    rejected: z.array(z.object({ line: z.number().int(), memberNumber: z.string(), errors: z.array(z.string()) })),
    warnings: z.array(z.string()),
    dryRun: z.boolean(),
  })
  .meta({ id: "ImportReport" });

export type MemberSummary = z.infer<typeof MemberSummarySchema>;
export type MemberDetail = z.infer<typeof MemberDetailSchema>;
export type MemberExport = z.infer<typeof MemberExportSchema>;
export type ImportReportView = z.infer<typeof ImportReportSchema>;
