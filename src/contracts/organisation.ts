// The organisation settings (issue 14): who the members hear from.
import { z } from "zod";

const noMustache = (field: string) => (v: string) => !/\{\{|\}\}/.test(v) || `${field} may not contain {{ or }}`;
const text = (field: string, max: number) =>
  z.string().trim().min(1, `${field} is required`).max(max, `${field}: at most ${max} characters`).refine((v) => noMustache(field)(v) === true, `${field} may not contain {{ or }}`);

/** Organisasjonsnummer: 9 digits whose last is a mod-11 check digit (weights 3 2 7 6 5 4 3 2). */
export function validOrgNumber(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((s, w, i) => s + w * Number(digits[i]), 0);
  const check = 11 - (sum % 11);
  return check !== 10 && (check === 11 ? 0 : check) === Number(digits[8]);
}

export const OrganisationSettingsBody = z
  .object({
    name: text("name", 120),
    shortName: text("shortName", 30).refine((v) => !/\s/.test(v), "shortName must be one word (it starts every SMS sent from a number)"),
    brandColour: z.string().regex(/^#[0-9a-fA-F]{6}$/, "brandColour must be a colour like #c8102e").transform((v) => v.toLowerCase()),
    addressLines: z.array(text("address line", 80)).max(4, "at most 4 address lines").describe("Street or box, then postcode and place"),
    contactEmail: z.email("contactEmail must be an email address").max(320).nullable(),
    contactPhone: z.string().trim().regex(/^\+?[0-9 ]{5,20}$/, "contactPhone must be a phone number such as 22 00 00 00 or +47 22 00 00 00").nullable(),
    orgNumber: z
      .string()
      .transform((v) => v.replace(/\s/g, ""))
      .refine(validOrgNumber, "orgNumber must be a valid Norwegian organisation number (9 digits, mod-11 check digit)")
      .nullable(),
    privacyUrl: z.url("privacyUrl must be an absolute URL").refine((v) => /^https?:\/\//.test(v), "privacyUrl must start with https:// or http://").max(500).nullable(),
  });
export type OrganisationSettingsInput = z.infer<typeof OrganisationSettingsBody>;

export const OrganisationSettingsSchema = z
  .object({
    profileId: z.number().int().describe("The settings version; campaigns pin the one they launched with"),
    name: z.string(),
    shortName: z.string(),
    brandColour: z.string(),
    addressLines: z.array(z.string()),
    contactEmail: z.string().nullable(),
    contactPhone: z.string().nullable(),
    orgNumber: z.string().nullable(),
    privacyUrl: z.string().nullable(),
    logo: z.object({ id: z.number().int(), url: z.string().describe("Path of the PNG members see"), width: z.number().int(), height: z.number().int() }).nullable(),
    colours: z
      .object({
        brand: z.string(),
        onBrand: z.string().describe("Text colour on the brand colour (at least 4.5:1)"),
        link: z.string().describe("The brand colour darkened until links on white and on the footer reach 4.5:1"),
        adjusted: z.boolean().describe("Whether the brand colour had to be darkened for text"),
      })
      .describe("The shades messages use, so the settings page can show what members will see"),
    updatedAt: z.string().nullable().describe("Null until the first version is stored (the values then come from ORG_*)"),
    updatedBy: z.string().nullable(),
  })
  .meta({ id: "OrganisationSettings" });
export type OrganisationSettings = z.infer<typeof OrganisationSettingsSchema>;

