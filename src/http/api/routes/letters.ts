// letters: print batches (list, one, download), handover to the postal operator, returned letters.
import { createReadStream } from "node:fs";
import { z } from "zod";
import { IdParams, PROBLEM_RESPONSES } from "../../../contracts/common.ts";
import { DownloadQuery, HandedOverBody, PrintBatchList, PrintBatchQuery, PrintBatchSchema, ReturnedBody, ReturnedResult } from "../../../contracts/letters.ts";
import { getPrintBatch, listPrintBatches, markHandedOver, printBatchDownload, recordReturnedLetters } from "../../../letters/service.ts";
import { actorOf, type ApiRoutes } from "../context.ts";

export const lettersRoutes: ApiRoutes = (app, deps) => {
  app.get(
    "/letters/batches",
    {
      config: { action: "letters.read" },
      schema: { tags: ["letters"], summary: "List print batches, newest first", querystring: PrintBatchQuery, response: { 200: PrintBatchList, ...PROBLEM_RESPONSES } },
    },
    async (request) => ({ items: await listPrintBatches(deps, actorOf(request), request.query) }),
  );

  app.get(
    "/letters/batches/:id",
    {
      config: { action: "letters.read" },
      schema: { tags: ["letters"], summary: "One print batch", params: IdParams, response: { 200: PrintBatchSchema, ...PROBLEM_RESPONSES } },
    },
    async (request) => getPrintBatch(deps, actorOf(request), request.params.id),
  );

  app.get(
    "/letters/batches/:id/download",
    {
      config: { action: "letters.read" },
      schema: {
        tags: ["letters"],
        summary: "Download a print batch: the zip for the print house (PDF and manifest), or one of its files",
        description: "The files name members and their addresses: every download is written to the audit log.",
        params: IdParams, querystring: DownloadQuery,
        response: { 200: z.any().describe("The file"), ...PROBLEM_RESPONSES },
      },
    },
    async (request, reply) => {
      const file = await printBatchDownload(deps, actorOf(request), request.params.id, request.query.file);
      return reply
        .header("content-type", file.contentType)
        .header("content-length", String(file.size))
        .header("content-disposition", `attachment; filename="${file.filename}"`)
        .header("cache-control", "no-store")
        .send(createReadStream(file.path));
    },
  );

  app.post(
    "/letters/batches/:id/handed-over",
    {
      config: { action: "letters.write" },
      schema: {
        tags: ["letters"], summary: "Mark a print batch handed over to the postal operator; its letters become delivered",
        params: IdParams, body: HandedOverBody, response: { 200: PrintBatchSchema, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => markHandedOver(deps, actorOf(request), request.params.id, request.body ?? {}),
  );

  app.post(
    "/letters/returned",
    {
      config: { action: "letters.write" },
      schema: {
        tags: ["letters"], summary: "Record returned letters: the members' postal addresses are marked invalid",
        body: ReturnedBody, response: { 200: ReturnedResult, ...PROBLEM_RESPONSES },
      },
    },
    async (request) => recordReturnedLetters(deps, actorOf(request), request.body.memberNumbers),
  );
};
