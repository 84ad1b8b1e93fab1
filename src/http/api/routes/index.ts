// Every route module of the staff API, in one list (the authorisation matrix test checks that
// each route it registers is covered).
import type { ApiRoutes } from "../context.ts";
import { authRoutes } from "./auth.ts";

export const API_ROUTES: ApiRoutes[] = [authRoutes];
