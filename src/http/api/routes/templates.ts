// templates: list, save (new template or version), show a version, preview, test send.
import { IdParams, PageQuery, PROBLEM_RESPONSES, pageOf } from "../../../contracts/common.ts";
import {
  PreviewBody, SavedTemplateSchema, TemplateDetailSchema, TemplateInputBody, TemplatePreviewSchema, TemplateSummarySchema,
  TemplateVersionQuery, TestSendBody, TestSendQueued,
} from "../../../contracts/templates.ts";
import { enqueueTestSend } from "../../../queues/queues.ts";
import { previewTemplateFor, type PreviewResult } from "../../../templates/preview-service.ts";
import { getTemplateFor, listTemplatesFor, saveTemplateFor } from "../../../templates/service.ts";
import { requestTestSend } from "../../../templates/test-send.ts";
import { actorOf, queuesOf, type ApiRoutes } from "../context.ts";

/** Templates carry MJML documents of up to 500,000 characters per language. */
const TEMPLATE_BODY_LIMIT = 4 * 1024 * 1024;

export const templatesRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/templates",
    {
      config: { action: "templates.read" },
      schema: { tags: ["templates"], summary: "List templates", querystring: PageQuery, response: { 200: pageOf(TemplateSummarySchema), ...PROBLEM_RESPONSES } },
    },
    async (request) => listTemplatesFor(deps, actorOf(request), request.query),
  );

  app.post(
    "/templates",
    {
      bodyLimit: TEMPLATE_BODY_LIMIT,
      config: { action: "templates.write" },
      schema: {
        tags: ["templates"],
        summary: "Check and save a template (a new one, or a new version when the input has an id)",
        description: "Problems found by the save-time check are 400 problems whose issues name channel.language.field and start with the line and column.",
        body: TemplateInputBody,
        response: { 201: SavedTemplateSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const saved = await saveTemplateFor(deps, actorOf(request), request.body);
      return reply.code(201).send(saved);
    },
  );

  app.get(
    "/templates/:id",
    {
      config: { action: "templates.read" },
      schema: {
        tags: ["templates"], summary: "A template version (the latest unless ?version=) with its source and history",
        params: IdParams, querystring: TemplateVersionQuery, response: { 200: TemplateDetailSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => getTemplateFor(deps, actorOf(request), request.params.id, request.query.version),
  );

  app.put(
    "/templates/:id",
    {
      bodyLimit: TEMPLATE_BODY_LIMIT,
      config: { action: "templates.write" },
      schema: {
        tags: ["templates"], summary: "Check and save a new version of a template",
        params: IdParams, body: TemplateInputBody, response: { 200: SavedTemplateSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => saveTemplateFor(deps, actorOf(request), request.body, { templateId: request.params.id }),
  );

  app.post(
    "/templates/:id/preview",
    {
      config: { action: "templates.preview" },
      schema: {
        tags: ["templates"],
        summary: "Render a template for a member (or the sample member) exactly as it would be sent",
        description: "A member outside a steward's scope is answered as if it did not exist (404). Previews for a member are audited.",
        params: IdParams, body: PreviewBody, response: { 200: TemplatePreviewSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => previewView(await previewTemplateFor(deps, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    "/templates/:id/test-send",
    {
      config: { action: "templates.test_send" },
      schema: {
        tags: ["templates"],
        summary: "Send a test of the template, rendered for the sample member, to your own email address",
        description: "The address is always the acting user's own; the body cannot name another.",
        params: IdParams, body: TestSendBody, response: { 202: TestSendQueued, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      // The queue is looked up only once the service has authorised and checked the request.
      const queued = await requestTestSend(
        { ...deps, enqueueTestSend: (job) => enqueueTestSend(queuesOf(deps), job) },
        actorOf(request), request.params.id, request.body,
      );
      return reply.code(202).send(queued);
    },
  );
};

function previewView(preview: PreviewResult) {
  const common = { templateVersionId: preview.templateVersionId, memberNumber: preview.memberNumber };
  switch (preview.channel) {
    case "email":
      return { channel: "email" as const, ...common, subject: preview.email.subject, html: preview.email.html, text: preview.email.text };
    case "sms":
      return { channel: "sms" as const, ...common, body: preview.sms.body, segments: preview.sms.segments, encoding: preview.sms.encoding, characters: preview.sms.characters };
    case "letter":
      return { channel: "letter" as const, ...common, contentType: "application/pdf" as const, pdfBase64: preview.body.toString("base64"), bytes: preview.body.length };
  }
}
