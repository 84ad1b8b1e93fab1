// segments/*: the field catalog for rule editors, previews of rules (count, breakdowns,
// reachability, a sample), and saved segments whose every edit is a new version (no delete:
// campaigns point at versions).
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import {
  CreateSegmentBody, PreviewBody, PreviewSchema, SegmentFieldsSchema, SegmentListQuery, SegmentPage, SegmentSchema, UpdateSegmentBody,
} from "../../../contracts/segments.ts";
import { segmentFieldCatalog } from "../../../segments/catalog.ts";
import { createSegment, listSavedSegments, previewSegment, showSegment, updateSegment } from "../../../segments/service.ts";
import { RuleValidationError } from "../../../segments/rules.ts";
import { issuesUnder } from "../problem.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const segmentsRoutes: ApiRoutes = (app, deps) => {
  app.post(
    "/segments/preview",
    {
      config: { action: "segments.preview" },
      schema: {
        tags: ["segments"],
        summary: "Count, breakdowns, reachability and a sample of the members some rules select",
        description: "A steward sees only members in their scope, in the counts as in the sample.",
        body: PreviewBody,
        response: { 200: PreviewSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => issuesUnder("rules", () => previewSegment(deps, actorOf(request), request.body.rules), isRuleError),
  );

  app.get(
    "/segments/fields",
    {
      config: { action: "segments.read" },
      schema: {
        tags: ["segments"],
        summary: "The fields of the rule format and the choices for a rule editor's pickers",
        description: "Fields in the rule format's order with their value kind and operators; statuses, languages, sectors, counties, municipalities and agreements to choose from.",
        response: { 200: SegmentFieldsSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => segmentFieldCatalog(deps, actorOf(request)),
  );

  app.get(
    "/segments",
    {
      config: { action: "segments.read" },
      schema: { tags: ["segments"], summary: "Saved segments with their latest version", querystring: SegmentListQuery, response: { 200: SegmentPage, ...PROBLEM_RESPONSES } },
    },
    async (request) => listSavedSegments(deps, actorOf(request), request.query),
  );

  app.post(
    "/segments",
    {
      config: { action: "segments.write" },
      schema: { tags: ["segments"], summary: "Save a new segment (version 1)", body: CreateSegmentBody, response: { 201: SegmentSchema, ...PROBLEM_RESPONSES } },
    },
    async (request, reply) => {
      const { segment } = await issuesUnder("rules", () => createSegment(deps, actorOf(request), request.body), isRuleError);
      return reply.code(201).send(segment);
    },
  );

  app.get(
    "/segments/:id",
    {
      config: { action: "segments.read" },
      schema: { tags: ["segments"], summary: "A segment with all its versions, newest first", params: IdParams, response: { 200: SegmentSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => showSegment(deps, actorOf(request), request.params.id),
  );

  app.put(
    "/segments/:id",
    {
      config: { action: "segments.write" },
      schema: {
        tags: ["segments"],
        summary: "Save new rules (and optionally a new name or description) as the segment's next version",
        params: IdParams,
        body: UpdateSegmentBody,
        response: { 200: SegmentSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => (await issuesUnder("rules", () => updateSegment(deps, actorOf(request), request.params.id, request.body), isRuleError)).segment,
  );
};

/** Only rule problems come from the `rules` field; others (a missing name) keep their own paths. */
const isRuleError = (error: Error) => error instanceof RuleValidationError;
