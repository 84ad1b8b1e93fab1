// Every route module of the staff API, in one list (the authorisation matrix test checks that
// each route it registers is covered).
import type { ApiRoutes } from "../context.ts";
import { auditRoutes } from "./audit.ts";
import { authRoutes } from "./auth.ts";
import { campaignHistoryRoutes } from "./campaign-history.ts";
import { campaignsRoutes } from "./campaigns.ts";
import { lettersRoutes } from "./letters.ts";
import { memberHistoryRoutes } from "./member-history.ts";
import { membersRoutes } from "./members.ts";
import { newslettersRoutes } from "./newsletters.ts";
import { organisationRoutes } from "./organisation.ts";
import { segmentsRoutes } from "./segments.ts";
import { suppressionsRoutes } from "./suppressions.ts";
import { templatesRoutes } from "./templates.ts";
import { tokensRoutes } from "./tokens.ts";
import { usersRoutes } from "./users.ts";

export const API_ROUTES: ApiRoutes[] = [
  authRoutes, membersRoutes, memberHistoryRoutes, segmentsRoutes, templatesRoutes, campaignsRoutes, campaignHistoryRoutes,
  suppressionsRoutes, newslettersRoutes, lettersRoutes, usersRoutes, tokensRoutes, auditRoutes, organisationRoutes,
];
