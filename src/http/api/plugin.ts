// The staff API scope: /api/v1 (JSON, authenticated), its OpenAPI document and Swagger UI.
// Routes declare zod schemas for what they take and every response they give, so one schema
// validates, types and documents each route, and no field leaves by accident.
import cookie from "@fastify/cookie";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Action } from "../../auth/permissions.ts";
import { authenticate } from "./authenticate.ts";
import type { ApiDeps, ApiRoutes } from "./context.ts";
import { apiErrorHandler, problemFor, sendProblem } from "./problem.ts";
import { API_ROUTES } from "./routes/index.ts";

export const API_PREFIX = "/api/v1";

/** What each registered API route needs, for the authorisation matrix test and the docs. */
export interface ApiRouteInfo {
  method: string;
  url: string;
  action: Action | null;
  public: boolean;
}

export function staffApi(deps: ApiDeps, routes: ApiRoutes[] = API_ROUTES, table: ApiRouteInfo[] = []) {
  return async function staffApiScope(app: FastifyInstance) {
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    await app.register(cookie);
    await app.register(swagger, {
      openapi: {
        openapi: "3.1.0",
        info: {
          title: "Budstikke staff API",
          version: "1.0.0",
          description:
            "Targeted member communications for trade unions. Authenticate with a session cookie (POST /api/v1/auth/login) or `Authorization: Bearer <token>`. Errors are RFC 9457 problem documents.",
        },
        components: {
          securitySchemes: {
            session: { type: "apiKey", in: "cookie", name: "budstikke_session" },
            bearer: { type: "http", scheme: "bearer" },
          },
        },
        security: [{ session: [] }, { bearer: [] }],
      },
      transform: (input) => {
        const transformed = jsonSchemaTransform(input);
        const action = input.route.config?.action;
        const schema = transformed.schema as Record<string, unknown>;
        if (action) schema.description = `${(schema.description as string | undefined) ?? ""}\n\nRequires permission \`${action}\`.`.trim();
        if (input.route.config?.public) schema.security = [];
        return transformed;
      },
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });

    await app.register(
      async (api) => {
        api.setErrorHandler(apiErrorHandler);
        api.addHook("onRoute", (route) => {
          if (route.schema?.hide) return;
          for (const method of [route.method].flat()) {
            if (method !== "HEAD") table.push({ method, url: route.url, action: route.config?.action ?? null, public: route.config?.public === true });
          }
        });
        api.setNotFoundHandler((request, reply) => sendProblem(reply, problemFor("not_found", `no route ${request.method} ${request.url.split("?")[0]}`, [], request)));
        api.addHook("onRequest", authenticate(deps));
        api.addHook("onResponse", async (request, reply) => {
          // Ids, route and timing only: never tokens, names, emails or phone numbers.
          request.log.info(
            { route: request.routeOptions.url ?? null, method: request.method, status: reply.statusCode, ms: Math.round(reply.elapsedTime), actorId: request.actor?.id ?? null, requestId: request.id },
            "api request",
          );
        });
        const typed = api.withTypeProvider<ZodTypeProvider>();
        typed.get("/openapi.json", { schema: { hide: true }, config: { public: true } }, async () => app.swagger());
        for (const register of routes) await register(typed, deps);
      },
      { prefix: API_PREFIX },
    );
  };
}
