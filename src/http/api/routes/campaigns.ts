// campaigns/*: create from the campaign JSON format, list, read, edit; the four-eyes review
// (submit, approve, reject); scheduling and steering; status, delivery lists (JSON pages or a
// streamed CSV) and progress as Server-Sent Events. Handlers only translate HTTP: the rules are
// in src/campaigns/service.ts.
import { Readable, pipeline } from "node:stream";
import { stringify } from "csv-stringify";
import { z } from "zod";
import { approvalQueue, reviewCampaign } from "../../../campaigns/dry-run.ts";
import * as campaigns from "../../../campaigns/service.ts";
import {
  ApprovalQueueSchema, ApproveBody, CampaignDefinitionBody, CampaignListQuery, CampaignPage, CampaignReviewSchema, CampaignSchema, CampaignStatusSchema,
  CancelResultSchema,
  DELIVERY_CSV_COLUMNS, DeliveriesQuery, DeliveryPageSchema, PauseBody, RejectBody, RetryFailedBody, RetryFailedResultSchema, ScheduleBody,
} from "../../../contracts/campaigns.ts";
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import type { DeliveryRow } from "../../../deliveries/queries.ts";
import { actorOf, queuesOf, type ApiDeps, type ApiRoutes } from "../context.ts";
import { issuesUnder } from "../problem.ts";
// ── merge data and uploaded audiences ──
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { attachAudienceList, audienceListSummary } from "../../../campaigns/audience-list.ts";
import { attachMergeData, mergeDataSummary } from "../../../campaigns/merge-data.ts";
import { UPLOAD_MAX_BYTES } from "../../../campaigns/upload-csv.ts";
import { AudienceListReportSchema, AudienceListSummarySchema, MergeDataReportSchema, MergeDataSummarySchema } from "../../../contracts/campaigns.ts";
import { ProblemSchema } from "../../../contracts/common.ts";
import type { ApiApp } from "../context.ts";
// ── end merge data ──

const tags = ["campaigns"];

export interface CampaignsRouteOptions {
  /** Between two progress events of GET /campaigns/:id/events. @defaultValue 1000 */
  eventIntervalMs?: number;
}

export function campaignsRoutesWith(options: CampaignsRouteOptions = {}): ApiRoutes {
  return (app, deps) => {
    const withQueues = (d: ApiDeps) => ({ ...d, queues: queuesOf(d) });
    // Open event streams end when the server closes; otherwise a running campaign's stream
    // would hold a graceful shutdown until the campaign finished.
    const streams = new Set<AbortController>();
    app.addHook("preClose", (done) => {
      for (const stream of streams) stream.abort();
      done();
    });

    // ── merge data and uploaded audiences: a scope of their own, so the text/csv parser applies to those routes only ──
    void app.register(async (csvScope) => uploadRoutes(csvScope.withTypeProvider<ZodTypeProvider>(), deps));

    app.post(
      "/campaigns",
      {
        config: { action: "campaigns.write" },
        schema: { tags, summary: "Create a draft campaign from the campaign JSON format", body: CampaignDefinitionBody, response: { 201: CampaignSchema, ...PROBLEM_RESPONSES } },
      },
      async (request, reply) => reply.code(201).send(await issuesUnder("body", () => campaigns.create(deps, actorOf(request), request.body))),
    );

    app.get(
      "/campaigns",
      {
        config: { action: "campaigns.read" },
        schema: { tags, summary: "Campaigns, newest first (a steward's: only their own)", querystring: CampaignListQuery, response: { 200: CampaignPage, ...PROBLEM_RESPONSES } },
      },
      async (request) => campaigns.list(deps, actorOf(request), request.query),
    );

    app.get(
      "/campaigns/approval-queue",
      {
        config: { action: "campaigns.approve" },
        schema: {
          tags, summary: "Campaigns waiting for a reviewer (awaiting_approval, needs_reapproval), with their authors and whether you may approve each",
          response: { 200: ApprovalQueueSchema, ...PROBLEM_RESPONSES },
        },
      },
      async (request) => approvalQueue(deps, actorOf(request)),
    );

    app.get(
      "/campaigns/:id",
      { config: { action: "campaigns.read" }, schema: { tags, summary: "One campaign", params: IdParams, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES } } },
      async (request) => campaigns.get(deps, actorOf(request), request.params.id),
    );

    app.get(
      "/campaigns/:id/review",
      {
        config: { action: "campaigns.read" },
        schema: {
          tags, summary: "A dry run of the launch: recipients and skips per channel by the send-time consent decision, the approval rule, the send time (writes only an audit row)",
          params: IdParams, response: { 200: CampaignReviewSchema, ...PROBLEM_RESPONSES },
        },
      },
      async (request) => reviewCampaign(deps, actorOf(request), request.params.id),
    );

    app.put(
      "/campaigns/:id",
      {
        config: { action: "campaigns.write" },
        schema: {
          tags, summary: "Replace a campaign's definition before it starts; voids any submission or approval (back to draft)",
          params: IdParams, body: CampaignDefinitionBody, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES },
        },
      },
      async (request) => issuesUnder("body", () => campaigns.update(deps, actorOf(request), request.params.id, request.body)),
    );

    app.post(
      "/campaigns/:id/submit",
      {
        config: { action: "campaigns.write" },
        schema: { tags, summary: "Submit a draft for four-eyes approval (records the recipient count and why approval applies)", params: IdParams, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES } },
      },
      async (request) => campaigns.submit(deps, actorOf(request), request.params.id),
    );

    app.post(
      "/campaigns/:id/approve",
      {
        config: { action: "campaigns.approve" },
        schema: {
          tags, summary: "Approve a campaign someone else wrote; pins its template, audience and recipient count",
          params: IdParams, body: ApproveBody, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES },
        },
      },
      async (request) => campaigns.approve(deps, actorOf(request), request.params.id, request.body),
    );

    app.post(
      "/campaigns/:id/reject",
      {
        config: { action: "campaigns.approve" },
        schema: { tags, summary: "Send a campaign back to draft with a comment", params: IdParams, body: RejectBody, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES } },
      },
      async (request) => issuesUnder("body", () => campaigns.reject(deps, actorOf(request), request.params.id, request.body)),
    );

    app.post(
      "/campaigns/:id/schedule",
      {
        config: { action: "campaigns.write" },
        schema: {
          tags, summary: "Schedule a campaign (now without `at`); one that needs approval must be approved first",
          params: IdParams, body: ScheduleBody, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES },
        },
      },
      async (request) =>
        issuesUnder("body", () => campaigns.schedule(withQueues(deps), actorOf(request), request.params.id, { at: request.body.at ? new Date(request.body.at) : undefined })),
    );

    app.post(
      "/campaigns/:id/pause",
      { config: { action: "campaigns.write" }, schema: { tags, summary: "Pause a sending campaign", params: IdParams, body: PauseBody, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES } } },
      async (request) => campaigns.pause(withQueues(deps), actorOf(request), request.params.id, request.body.reason),
    );

    app.post(
      "/campaigns/:id/resume",
      { config: { action: "campaigns.write" }, schema: { tags, summary: "Resume a paused campaign", params: IdParams, response: { 200: CampaignSchema, ...PROBLEM_RESPONSES } } },
      async (request) => campaigns.resume(withQueues(deps), actorOf(request), request.params.id),
    );

    app.post(
      "/campaigns/:id/cancel",
      {
        config: { action: "campaigns.write" },
        schema: { tags, summary: "Cancel before or during sending; what was not sent is marked cancelled", params: IdParams, response: { 200: CancelResultSchema, ...PROBLEM_RESPONSES } },
      },
      async (request) => campaigns.cancel(withQueues(deps), actorOf(request), request.params.id),
    );

    app.post(
      "/campaigns/:id/retry-failed",
      {
        config: { action: "campaigns.write" },
        schema: {
          tags, summary: "Put the failed deliveries back in the queue with fresh attempts",
          params: IdParams, body: RetryFailedBody, response: { 200: RetryFailedResultSchema, ...PROBLEM_RESPONSES },
        },
      },
      async (request) => {
        const result = await campaigns.retryFailed(withQueues(deps), actorOf(request), request.params.id, request.body);
        return { campaign: result.campaign, reset: result.reset };
      },
    );

    app.get(
      "/campaigns/:id/status",
      {
        config: { action: "campaigns.read" },
        schema: { tags, summary: "Counts per channel and status (skips and failures by reason), rate and ETA", params: IdParams, response: { 200: CampaignStatusSchema, ...PROBLEM_RESPONSES } },
      },
      async (request) => campaigns.status(deps, actorOf(request), request.params.id),
    );

    app.get(
      "/campaigns/:id/deliveries",
      {
        config: { action: "deliveries.read" },
        schema: {
          tags, summary: "Deliveries with member numbers (a read of personal data, audited): JSON pages, or every row as CSV with format=csv",
          params: IdParams, querystring: DeliveriesQuery,
          response: {
            200: {
              description: "A page of deliveries, or with format=csv all of them as a streamed CSV file",
              content: { "application/json": { schema: DeliveryPageSchema }, "text/csv": { schema: z.string() } },
            },
            ...PROBLEM_RESPONSES,
          },
        },
      },
      async (request, reply) => {
        const { format, cursor, limit, ...filter } = request.query;
        const actor = actorOf(request);
        if (format === "json") return reply.send(await campaigns.deliveries(deps, actor, request.params.id, { ...filter, cursor, limit }));
        const rows = await campaigns.exportDeliveries(deps, actor, request.params.id, filter, "csv");
        const csv = pipeline(Readable.from(csvRows(rows)), stringify({ header: true, columns: [...DELIVERY_CSV_COLUMNS] }), (error) => {
          if (error) request.log.warn({ err: error.message, route: request.routeOptions.url }, "delivery export ended early");
        });
        return reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="campaign-${request.params.id}-deliveries.csv"`)
          .header("cache-control", "no-store")
          .send(streamed(csv));
      },
    );

    app.get(
      "/campaigns/:id/events",
      {
        config: { action: "campaigns.read" },
        schema: {
          tags, summary: "Progress as Server-Sent Events: `status` every second while launching, sending or paused; `end` once it is over, then the stream closes",
          params: IdParams,
          response: { 200: { description: "An event stream", content: { "text/event-stream": { schema: z.string() } } }, ...PROBLEM_RESPONSES },
        },
      },
      async (request, reply) => {
        const stop = new AbortController();
        streams.add(stop);
        reply.raw.on("close", () => {
          stop.abort();
          streams.delete(stop);
        });
        const stream = await campaigns.events(deps, actorOf(request), request.params.id, { intervalMs: options.eventIntervalMs, signal: stop.signal });
        return reply
          .type("text/event-stream; charset=utf-8")
          .header("cache-control", "no-store")
          .header("x-accel-buffering", "no")
          // One stream per connection: closing it with the stream lets a shutting-down server
          // finish at once instead of waiting for an idle keep-alive socket.
          .header("connection", "close")
          .send(streamed(Readable.from(sseFrames(stream))));
      },
    );
  };
}

export const campaignsRoutes: ApiRoutes = campaignsRoutesWith();

/**
 * Fastify sends a stream as it comes (no serialiser runs); the route's string schema documents
 * the body for OpenAPI, and this cast is the one place the two meet.
 */
function streamed(stream: NodeJS.ReadableStream): string {
  return stream as unknown as string;
}

async function* csvRows(rows: AsyncIterable<DeliveryRow>) {
  for await (const d of rows) {
    yield [d.memberNumber, d.channel, d.status, d.reason ?? "", d.attempts, d.providerId ?? "", d.sentAt?.toISOString() ?? "", d.deliveredAt?.toISOString() ?? "", d.failedAt?.toISOString() ?? ""];
  }
}

async function* sseFrames(events: AsyncIterable<campaigns.CampaignEvent>) {
  for await (const e of events) yield `event: ${e.event}\ndata: ${JSON.stringify(e.status)}\n\n`;
}

// ── merge data and uploaded audiences ──
/**
 * PUT the CSV (Content-Type: text/csv) to attach merge data or an audience list, replacing what
 * was attached; GET says what is attached (columns and counts, never the cells).
 */
function uploadRoutes(app: ApiApp, deps: ApiDeps) {
  app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));
  const csvBody = (body: unknown): Readable => {
    if (!(body instanceof Readable)) throw httpError(415, "send the CSV as the body with Content-Type: text/csv");
    return body;
  };
  const refuseTooLarge = (declared: unknown) => {
    if (Number(declared) > UPLOAD_MAX_BYTES) throw httpError(413, `the file is larger than ${UPLOAD_MAX_BYTES / 1024 / 1024} MB`);
  };
  const uploadResponses = { ...PROBLEM_RESPONSES, 413: ProblemSchema, 415: ProblemSchema };

  app.put(
    "/campaigns/:id/merge-data",
    {
      config: { action: "campaigns.write" },
      bodyLimit: UPLOAD_MAX_BYTES,
      schema: {
        tags, summary: "Attach per-member merge data (a CSV with member_number and the columns templates read as merge.<column>), replacing what was attached",
        description:
          "The body is the CSV (Content-Type: text/csv, UTF-8, header row, at most 50 MB). Column names are letters a–z, digits and _ (case is ignored); " +
          "every cell must have a value. Unknown member numbers, duplicates and rejected rows are reported and not stored; a refused file changes nothing. " +
          "Only before the campaign starts; a submission or approval is void afterwards, as after an edit. Audited (counts only).",
        params: IdParams,
        response: { 200: MergeDataReportSchema, ...uploadResponses },
      },
    },
    async (request) => {
      refuseTooLarge(request.headers["content-length"]);
      return attachMergeData(deps, actorOf(request), request.params.id, csvBody(request.body));
    },
  );

  app.get(
    "/campaigns/:id/merge-data",
    {
      config: { action: "campaigns.read" },
      schema: { tags, summary: "The attached merge data: its columns, how many members have a row, the columns the template reads (no cells)", params: IdParams, response: { 200: MergeDataSummarySchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => mergeDataSummary(deps, actorOf(request), request.params.id),
  );

  app.put(
    "/campaigns/:id/audience-list",
    {
      config: { action: "campaigns.write" },
      bodyLimit: UPLOAD_MAX_BYTES,
      schema: {
        tags, summary: "Attach the audience list (a CSV with member_number) of a campaign whose audience is {\"list\": true}, replacing the one attached",
        description:
          "The body is the CSV (Content-Type: text/csv, at most 50 MB); other columns are ignored. Unknown member numbers (for a steward: outside the scope) " +
          "and duplicates are reported. The list is intersected with consent at send time and with a steward's scope at launch. Audited (counts only).",
        params: IdParams,
        response: { 200: AudienceListReportSchema, ...uploadResponses },
      },
    },
    async (request) => {
      refuseTooLarge(request.headers["content-length"]);
      return attachAudienceList(deps, actorOf(request), request.params.id, csvBody(request.body));
    },
  );

  app.get(
    "/campaigns/:id/audience-list",
    {
      config: { action: "campaigns.read" },
      schema: { tags, summary: "Whether the audience is an uploaded list, and how many listed members it reaches", params: IdParams, response: { 200: AudienceListSummarySchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => audienceListSummary(deps, actorOf(request), request.params.id),
  );
}

/** An error the API's error handler turns into a problem with this status. */
function httpError(statusCode: 413 | 415, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}
// ── end merge data ──
