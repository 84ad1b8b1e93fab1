// members/*: search, one member's view, GDPR export and erasure, and the streamed CSV import.
// Scope, authorisation and the audit trail live in the members service.
import { Readable } from "node:stream";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { PROBLEM_RESPONSES, ProblemSchema } from "../../../contracts/common.ts";
import {
  ErasureSchema, ImportQuery, ImportReportSchema, MemberDetailSchema, MemberExportSchema, MemberNumberParams, MemberPage, MemberSearchQuery,
} from "../../../contracts/members.ts";
import { ImportTooLargeError } from "../../../members/import.ts";
import { eraseMemberRecord, exportMemberRecord, importMemberCsv, searchMembers, viewMember } from "../../../members/service.ts";
import { actorOf, type ApiApp, type ApiRoutes } from "../context.ts";

/** The largest CSV upload accepted (a registry export of ~500,000 members is about 100 MB). */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;

export const membersRoutes: ApiRoutes = async (app, deps) => {
  app.get(
    "/members",
    {
      config: { action: "members.read" },
      schema: {
        tags: ["members"],
        summary: "Search members (in member-number order)",
        description: "A steward finds only members in their scope. Each search is audited with the ids of the members it returned.",
        querystring: MemberSearchQuery,
        response: { 200: MemberPage, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => searchMembers(deps, actorOf(request), request.query),
  );

  app.post(
    "/members/search",
    {
      config: { action: "members.read" },
      schema: {
        tags: ["members"],
        summary: "Search members, the words in the body",
        description:
          "The same search as GET /members, for clients (the admin UI) that search by email address or phone number: in a body, " +
          "the words stay out of URLs, proxy logs and browser history. Reads only.",
        body: MemberSearchQuery,
        response: { 200: MemberPage, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => searchMembers(deps, actorOf(request), request.body),
  );

  app.get(
    "/members/:number",
    {
      config: { action: "members.read" },
      schema: {
        tags: ["members"],
        summary: "A member with contact points, employments, consent history and state, suppressions and deliveries",
        description: "Audited. A member outside a steward's scope is answered exactly like an unknown number (404).",
        params: MemberNumberParams,
        response: { 200: MemberDetailSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => viewMember(deps, actorOf(request), request.params.number),
  );

  app.get(
    "/members/:number/export",
    {
      config: { action: "members.export" },
      schema: {
        tags: ["members"],
        summary: "Everything held about a member (GDPR art. 15)",
        description: "Audited.",
        params: MemberNumberParams,
        response: { 200: MemberExportSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => exportMemberRecord(deps, actorOf(request), request.params.number),
  );

  app.post(
    "/members/:number/erase",
    {
      config: { action: "members.erase" },
      schema: {
        tags: ["members"],
        summary: "Erase a member's personal data (GDPR art. 17)",
        description: "The member row stays, anonymised; suppressions and the member's refusals stay under keyed hashes. Audited.",
        params: MemberNumberParams,
        response: { 200: ErasureSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => eraseMemberRecord(deps, actorOf(request), request.params.number),
  );

  // Its own scope, so the text/csv parser (which hands the raw request stream to the importer
  // instead of buffering up to 200 MB) applies to this route only.
  await app.register(async (csvScope) => registerImport(csvScope.withTypeProvider<ZodTypeProvider>(), deps));
};

function registerImport(app: ApiApp, deps: Parameters<ApiRoutes>[1]) {
  app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));
  app.post(
    "/members/import",
    {
      config: { action: "members.import" },
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags: ["members"],
        summary: "Import members from a CSV upload (Content-Type: text/csv), with the CLI's rules and report",
        description:
          "The body is the member CSV (UTF-8, header row), streamed; at most 200 MB. Upsert on member_number; with fullSync, members absent " +
          "from the file are marked resigned (refused above FULL_SYNC_MAX_RESIGN_SHARE unless force). A refused file writes nothing. Audited.",
        querystring: ImportQuery,
        response: { 200: ImportReportSchema, ...PROBLEM_RESPONSES, 413: ProblemSchema, 415: ProblemSchema },
      },
    },
    async (request) => {
      if (!(request.body instanceof Readable)) throw httpError(415, "send the CSV as the body with Content-Type: text/csv");
      const declared = Number(request.headers["content-length"]);
      if (declared > IMPORT_MAX_BYTES) throw httpError(413, "the file is larger than 200 MB");
      try {
        return await importMemberCsv(deps, actorOf(request), request.body, { ...request.query, maxBytes: IMPORT_MAX_BYTES });
      } catch (error) {
        if (error instanceof ImportTooLargeError) throw httpError(413, error.message);
        throw error;
      }
    },
  );
}

/** An error the API's error handler turns into a problem with this status. */
function httpError(statusCode: 413 | 415, message: string): Error {
  return Object.assign(new Error(message), { statusCode });
}
