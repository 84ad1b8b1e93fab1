// suppressions: list (hashed addresses: never shown), add, lift with a reason. Admins only.
import { AddedSuppression, AddSuppressionBody, LiftSuppressionBody, LiftSuppressionQuery, SuppressionIdParams, SuppressionQuery, SuppressionSchema, SuppressionSearchBody } from "../../../contracts/admin.ts";
import { pageOf, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { addSuppression, liftSuppressionById, listSuppressions } from "../../../deliveries/suppressions-service.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const suppressionsRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/suppressions",
    {
      config: { action: "suppressions.read" },
      schema: {
        tags: ["suppressions"], summary: "List suppressed addresses, newest first (addresses are stored hashed and never shown)",
        querystring: SuppressionQuery, response: { 200: pageOf(SuppressionSchema), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => listSuppressions(deps, actorOf(request), request.query),
  );

  app.post(
    "/suppressions/search",
    {
      config: { action: "suppressions.read" },
      schema: {
        tags: ["suppressions"],
        summary: "List suppressions, the filters in the body",
        description: "The same list as GET /suppressions, for looking up an address without putting it in a URL. Reads only.",
        body: SuppressionSearchBody, response: { 200: pageOf(SuppressionSchema), ...PROBLEM_RESPONSES },
      },
    },
    async (request) => listSuppressions(deps, actorOf(request), request.body),
  );

  app.post(
    "/suppressions",
    {
      config: { action: "suppressions.write" },
      schema: {
        tags: ["suppressions"], summary: "Suppress an address on a channel (idempotent: 200 when it was suppressed already)",
        body: AddSuppressionBody, response: { 200: AddedSuppression, 201: AddedSuppression, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const result = await addSuppression(deps, actorOf(request), request.body);
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  app.delete(
    "/suppressions/:id",
    {
      config: { action: "suppressions.write" },
      schema: {
        tags: ["suppressions"], summary: "Lift a suppression; the reason (body or query) is required and kept",
        params: SuppressionIdParams, querystring: LiftSuppressionQuery, body: LiftSuppressionBody,
        response: { 200: SuppressionSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => liftSuppressionById(deps, actorOf(request), request.params.id, request.body?.reason ?? request.query.reason),
  );
};
