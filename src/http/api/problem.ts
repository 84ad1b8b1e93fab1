// RFC 9457 problem documents from DomainError (and from request validation), one shape for
// every error the staff API gives.
import type { FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import type { Problem } from "../../contracts/common.ts";
import { DomainError, HTTP_STATUS, PROBLEM_TITLE, type ErrorKind, type Issue } from "../../errors.ts";

export function problemFor(kind: ErrorKind | "internal", detail: string, issues: Issue[], request: FastifyRequest): Problem {
  return {
    type: `urn:budstikke:problem:${kind}`,
    title: kind === "internal" ? "Internal error" : PROBLEM_TITLE[kind],
    status: kind === "internal" ? 500 : HTTP_STATUS[kind],
    detail,
    instance: request.url.split("?")[0],
    kind,
    issues,
    requestId: String(request.id),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type("application/problem+json; charset=utf-8").send(problem);
}

/** Turns anything thrown by a route into a problem document; internals never leak. */
export function apiErrorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) return sendProblem(reply, problemFor(error.kind, error.message, error.issues, request));
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? "body";
    const issues = error.validation.map((v) => ({
      path: [where, ...v.instancePath.split("/").filter(Boolean)].join(".").replace(/\.(\d+)(?=\.|$)/g, "[$1]"),
      message: v.message ?? "is invalid",
    }));
    return sendProblem(reply, problemFor("invalid", `the request ${where} is invalid`, issues, request));
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 429) return sendProblem(reply, problemFor("rate_limited", "too many requests", [], request));
  if (status === 413) return sendProblem(reply, { ...problemFor("invalid", "the request body is too large", [], request), status: 413, title: "Payload too large" });
  if (status === 415) return sendProblem(reply, { ...problemFor("invalid", "unsupported content type", [], request), status: 415, title: "Unsupported media type" });
  if (typeof status === "number" && status >= 400 && status < 500) {
    // Fastify's own client errors (malformed JSON, …): the message is safe and useful.
    return sendProblem(reply, { ...problemFor("invalid", (error as Error).message, [], request), status });
  }
  request.log.error({ err: error, route: request.routeOptions.url }, "request failed");
  return sendProblem(reply, problemFor("internal", "something went wrong; the request id identifies it in the logs", [], request));
}

/**
 * Runs a service call whose input came from one field of the request (the body, or a field of
 * it), and re-reports its invalid-input issues at their path under that field
 * (`body.audience.rules.all[0]`, `rules.op`), so a client can point at what to fix. `which`
 * limits this to the errors that come from that field.
 */
export async function issuesUnder<T>(prefix: string, work: () => Promise<T>, which: (error: DomainError) => boolean = () => true): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError) || error.kind !== "invalid" || error.issues.length === 0 || !which(error)) throw error;
    const summary = error.message.split("\n")[0]!.replace(/:$/, "");
    throw new DomainError("invalid", summary, error.issues.map((i) => ({ ...i, path: i.path ? `${prefix}.${i.path}` : prefix })));
  }
}
