// templates routes of the staff API (filled in by the templates work).
import type { ApiRoutes } from "../context.ts";

export const templatesRoutes: ApiRoutes = () => {};
