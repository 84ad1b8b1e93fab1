// users routes of the staff API (filled in by the users work).
import type { ApiRoutes } from "../context.ts";

export const usersRoutes: ApiRoutes = () => {};
