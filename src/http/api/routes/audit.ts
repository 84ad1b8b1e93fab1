// audit routes of the staff API (filled in by the audit work).
import type { ApiRoutes } from "../context.ts";

export const auditRoutes: ApiRoutes = () => {};
