// newsletters: list, create, settings (template, sender, schedule, segment), issues, skipped
// slots, and asking a member to subscribe (double opt-in: the member confirms by email).
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import {
  CreateNewsletterDetailBody, InviteBody, InviteResult, IssueBody, IssueParams, NewsletterDetailList, NewsletterDetailSchema,
  NewsletterIssueList, NewsletterIssueSchema, SentIssue, SkippedSlotList, UpdateNewsletterBody,
} from "../../../contracts/newsletters.ts";
import { createNewsletterFor } from "../../../consent/newsletters-service.ts";
import { authorize } from "../../../auth/permissions.ts";
import { cancelIssue, latestSkippedSlots, listIssues, prepareIssue, sendIssueByHand, updateIssue } from "../../../newsletters/issues.ts";
import { getNewsletterDetail, listNewsletterDetails, updateNewsletter } from "../../../newsletters/settings.ts";
import { inviteMember } from "../../../newsletters/subscriptions.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

const TAGS = ["newsletters"];

export const newslettersRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/newsletters",
    {
      config: { action: "newsletters.read" },
      schema: { tags: TAGS, summary: "List newsletters with settings, subscriber counts and the latest skipped slot", response: { 200: NewsletterDetailList, ...PROBLEM_RESPONSES } },
    },
    async (request) => ({ items: await listNewsletterDetails(deps, actorOf(request)) }),
  );

  app.get(
    "/newsletters/skipped-slots",
    {
      config: { action: "newsletters.read" },
      schema: { tags: TAGS, summary: "Newsletters whose latest schedule slot sent nothing, and why", response: { 200: SkippedSlotList, ...PROBLEM_RESPONSES } },
    },
    async (request) => {
      authorize(actorOf(request), "newsletters.read");
      return { items: await latestSkippedSlots(deps.db) };
    },
  );

  app.post(
    "/newsletters",
    {
      config: { action: "newsletters.write" },
      schema: {
        tags: TAGS, summary: "Create a newsletter (members opt in to each); the slug is fixed once created",
        body: CreateNewsletterDetailBody, response: { 201: NewsletterDetailSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { newsletter } = await createNewsletterFor(deps, actor, request.body);
      return reply.code(201).send(await getNewsletterDetail(deps, actor, newsletter.id));
    },
  );

  app.get(
    "/newsletters/:id",
    {
      config: { action: "newsletters.read" },
      schema: { tags: TAGS, summary: "A newsletter's settings and figures", params: IdParams, response: { 200: NewsletterDetailSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => getNewsletterDetail(deps, actorOf(request), request.params.id),
  );

  app.put(
    "/newsletters/:id",
    {
      config: { action: "newsletters.write" },
      schema: {
        tags: TAGS, summary: "Change a newsletter's name, template, sender name, schedule (cron, Europe/Oslo) or segment; only given fields change",
        params: IdParams, body: UpdateNewsletterBody, response: { 200: NewsletterDetailSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => updateNewsletter(deps, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/newsletters/:id/issues",
    {
      config: { action: "newsletters.read" },
      schema: { tags: TAGS, summary: "Issues and skipped slots, newest first", params: IdParams, response: { 200: NewsletterIssueList, ...PROBLEM_RESPONSES } },
    },
    async (request) => ({ items: await listIssues(deps, actorOf(request), request.params.id) }),
  );

  app.post(
    "/newsletters/:id/issues",
    {
      config: { action: "newsletters.issues" },
      schema: {
        tags: TAGS, summary: "Prepare an issue: the schedule sends the oldest prepared issue at its next slot",
        params: IdParams, body: IssueBody, response: { 201: NewsletterIssueSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => reply.code(201).send(await prepareIssue(deps, actorOf(request), request.params.id, request.body)),
  );

  app.put(
    "/newsletters/:id/issues/:issueId",
    {
      config: { action: "newsletters.issues" },
      schema: { tags: TAGS, summary: "Edit a prepared issue", params: IssueParams, body: IssueBody, response: { 200: NewsletterIssueSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => updateIssue(deps, actorOf(request), request.params.id, request.params.issueId, request.body),
  );

  app.post(
    "/newsletters/:id/issues/:issueId/cancel",
    {
      config: { action: "newsletters.issues" },
      schema: { tags: TAGS, summary: "Cancel a prepared issue", params: IssueParams, response: { 200: NewsletterIssueSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => cancelIssue(deps, actorOf(request), request.params.id, request.params.issueId),
  );

  app.post(
    "/newsletters/:id/issues/:issueId/send",
    {
      config: { action: "newsletters.issues" },
      schema: {
        tags: TAGS, summary: "Send a prepared issue by hand: it becomes your draft campaign (purpose newsletter, audience: the confirmed subscribers)",
        params: IssueParams, response: { 201: SentIssue, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => reply.code(201).send(await sendIssueByHand(deps, actorOf(request), request.params.id, request.params.issueId)),
  );

  app.post(
    "/newsletters/:id/subscriptions",
    {
      config: { action: "newsletters.subscribe" },
      schema: {
        tags: TAGS, summary: "Ask a member to subscribe: a confirmation email goes to the member, who must confirm it (double opt-in)",
        params: IdParams, body: InviteBody, response: { 202: InviteResult, ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => reply.code(202).send({ outcome: await inviteMember(deps, actorOf(request), request.params.id, request.body.memberNumber) }),
  );
};
