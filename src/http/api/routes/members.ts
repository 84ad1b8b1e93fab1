// members routes of the staff API (filled in by the members work).
import type { ApiRoutes } from "../context.ts";

export const membersRoutes: ApiRoutes = () => {};
