// campaigns routes of the staff API (filled in by the campaigns work).
import type { ApiRoutes } from "../context.ts";

export const campaignsRoutes: ApiRoutes = () => {};
