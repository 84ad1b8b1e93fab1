// Staff users, sessions, TOTP, API tokens and the audit trail.
import { z } from "zod";
import { ROLES } from "../auth/actor.ts";

export const RoleSchema = z.enum(ROLES);

export const ScopeSchema = z.object({
  employers: z.array(z.string()).describe("Employer organisation numbers (9 digits)"),
  branches: z.array(z.string()).describe("Branch codes"),
});

export const StaffUserSchema = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    scope: ScopeSchema,
    disabled: z.boolean(),
    totpEnabled: z.boolean(),
    pendingSetup: z.boolean(),
    lastLoginAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "StaffUser" });

export const LoginBody = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
  totp: z.string().max(10).optional().describe("The 6-digit TOTP code, once enrolled"),
});

export const SessionSchema = z
  .object({
    user: StaffUserSchema,
    csrfToken: z.string().describe("Send as X-CSRF-Token on mutations made with the session cookie"),
    mustEnrolTotp: z.boolean().describe("True until a user whose role requires TOTP has enrolled: only auth/* routes work"),
    expiresAt: z.string().optional(),
    permissions: z.array(z.string()).describe("The actions this user's role may do"),
  })
  .meta({ id: "Session" });

export const SetupBody = z.object({ token: z.string().min(10).max(200), password: z.string().min(1).max(1024) });

export const TotpEnrolment = z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeDataUrl: z.string() });
export const TotpCodeBody = z.object({ code: z.string().regex(/^\d{6}$/, "must be 6 digits") });

export const CreateUserBody = z.object({
  email: z.string().max(320),
  name: z.string().max(200),
  role: RoleSchema,
  employers: z.array(z.string()).max(200).optional(),
  branches: z.array(z.string()).max(200).optional(),
  password: z.string().max(1024).optional().describe("Omit to get a one-time setup link instead"),
});
export const CreatedUser = z.object({ user: StaffUserSchema, setupLink: z.string().optional() });
export const UpdateUserBody = z.object({
  role: RoleSchema.optional(),
  employers: z.array(z.string()).max(200).optional(),
  branches: z.array(z.string()).max(200).optional(),
  disabled: z.boolean().optional(),
});

export const ApiTokenSchema = z
  .object({
    id: z.number().int(),
    userId: z.number().int(),
    name: z.string(),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: "ApiToken" });
export const CreateTokenBody = z.object({ userEmail: z.string().max(320), name: z.string().max(100).optional(), expiresDays: z.number().int().min(1).max(3650).optional() });
export const CreatedToken = z.object({ token: z.string().describe("Shown once; only its hash is stored"), apiToken: ApiTokenSchema });

export const AuditEntrySchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    actorId: z.number().int().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    requestId: z.string().nullable(),
    clientIp: z.string().nullable(),
    details: z.unknown(),
  })
  .meta({ id: "AuditEntry" });
export const AuditQuery = z.object({
  actorId: z.coerce.number().int().positive().optional(),
  action: z.string().max(100).optional().describe("Exact action, or a prefix ending in '.' (e.g. campaign.)"),
  targetType: z.string().max(50).optional(),
  targetId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const UserList = z.object({ items: z.array(StaffUserSchema) });
export const TokenList = z.object({ items: z.array(ApiTokenSchema) });
export const TokenQuery = z.object({ userId: z.coerce.number().int().positive().max(2_147_483_647).optional() });
