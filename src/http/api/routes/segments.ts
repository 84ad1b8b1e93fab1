// segments routes of the staff API (filled in by the segments work).
import type { ApiRoutes } from "../context.ts";

export const segmentsRoutes: ApiRoutes = () => {};
