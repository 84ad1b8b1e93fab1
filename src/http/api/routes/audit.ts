// audit: the audit trail, newest first, with filters (admins only).
import { listAudit } from "../../../audit/query.ts";
import { AuditEntrySchema, AuditQuery } from "../../../contracts/auth.ts";
import { pageOf, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const auditRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/audit",
    {
      config: { action: "audit.read" },
      schema: {
        tags: ["audit"],
        summary: "The audit trail, newest first",
        description: "Filters combine with AND. `action` is exact, or a prefix when it ends in '.'. `from` is inclusive, `to` exclusive.",
        querystring: AuditQuery,
        response: { 200: pageOf(AuditEntrySchema), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => {
      const { from, to, ...rest } = request.query;
      return listAudit(deps, actorOf(request), { ...rest, from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
    },
  );
};
