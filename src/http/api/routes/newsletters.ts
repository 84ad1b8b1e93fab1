// newsletters routes of the staff API (filled in by the newsletters work).
import type { ApiRoutes } from "../context.ts";

export const newslettersRoutes: ApiRoutes = () => {};
