// suppressions routes of the staff API (filled in by the suppressions work).
import type { ApiRoutes } from "../context.ts";

export const suppressionsRoutes: ApiRoutes = () => {};
