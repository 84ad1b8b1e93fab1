// newsletters: list, create, rename.
import { CreateNewsletterBody, NewsletterList, NewsletterSchema, UpdateNewsletterBody } from "../../../contracts/admin.ts";
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { createNewsletterFor, listNewslettersFor, renameNewsletterFor } from "../../../consent/newsletters-service.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const newslettersRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/newsletters",
    {
      config: { action: "newsletters.read" },
      schema: { tags: ["newsletters"], summary: "List newsletters", response: { 200: NewsletterList, ...PROBLEM_RESPONSES } },
    },
    async (request) => ({ items: await listNewslettersFor(deps, actorOf(request)) }),
  );

  app.post(
    "/newsletters",
    {
      config: { action: "newsletters.write" },
      schema: {
        tags: ["newsletters"], summary: "Create a newsletter (members opt in to each); the slug is fixed once created",
        body: CreateNewsletterBody, response: { 201: NewsletterSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const { newsletter } = await createNewsletterFor(deps, actorOf(request), request.body);
      return reply.code(201).send(newsletter);
    },
  );

  app.put(
    "/newsletters/:id",
    {
      config: { action: "newsletters.write" },
      schema: { tags: ["newsletters"], summary: "Rename a newsletter", params: IdParams, body: UpdateNewsletterBody, response: { 200: NewsletterSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => renameNewsletterFor(deps, actorOf(request), request.params.id, request.body),
  );
};
