// tokens routes of the staff API (filled in by the tokens work).
import type { ApiRoutes } from "../context.ts";

export const tokensRoutes: ApiRoutes = () => {};
