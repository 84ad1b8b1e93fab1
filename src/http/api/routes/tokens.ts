// tokens: API tokens for scripts and integrations (admins only). The token is shown once.
import { revokeApiToken, createApiToken, listApiTokens } from "../../../auth/tokens.ts";
import { ApiTokenSchema, CreatedToken, CreateTokenBody, TokenList, TokenQuery } from "../../../contracts/auth.ts";
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const tokensRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/tokens",
    {
      config: { action: "tokens.manage" },
      schema: { tags: ["tokens"], summary: "List API tokens (never the tokens themselves)", querystring: TokenQuery, response: { 200: TokenList, ...PROBLEM_RESPONSES } },
    },
    async (request) => ({ items: await listApiTokens(deps, actorOf(request), { userId: request.query.userId }) }),
  );

  app.post(
    "/tokens",
    {
      config: { action: "tokens.manage" },
      schema: {
        tags: ["tokens"], summary: "Create an API token for a user; the token is in this answer only",
        body: CreateTokenBody, response: { 201: CreatedToken, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => reply.code(201).send(await createApiToken(deps, actorOf(request), request.body)),
  );

  app.delete(
    "/tokens/:id",
    {
      config: { action: "tokens.manage" },
      schema: { tags: ["tokens"], summary: "Revoke an API token", params: IdParams, response: { 200: ApiTokenSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => revokeApiToken(deps, actorOf(request), request.params.id),
  );
};
