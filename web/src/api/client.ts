// The one way the UI talks to the staff API: same-origin fetch with the session cookie, the
// CSRF token on every mutation, and problem+json errors turned into ApiError (with the field
// paths the API names, so forms can show each message next to its field). A 401 on anything
// but the login itself means the session ended: the session layer is told and sends the user
// to the login page, then back to where they were.
import type { Problem } from "../../../src/contracts/common.ts";

export const API_BASE = "/api/v1";

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;
  constructor(status: number, problem: Problem | null, fallback: string) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
  get issues(): Problem["issues"] {
    return this.problem?.issues ?? [];
  }
}

let csrfToken = "";
let sessionLost: (() => void) | null = null;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called once by the session provider: what to do when the server says the session is gone. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** Send `body` as is with this content type: a string (text/csv for an import) or a file (image/png for a logo). */
  contentType?: string;
  signal?: AbortSignal;
  query?: Record<string, string | number | boolean | undefined>;
}

export function apiUrl(path: string, query?: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== "") params.set(key, String(value));
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ""}`;
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    if (options.contentType) {
      headers["content-type"] = options.contentType;
      body = options.body as string | Blob;
    } else {
      headers["content-type"] = "application/json";
      body = JSON.stringify(options.body);
    }
  }
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  const response = await fetch(apiUrl(path, options.query), { method, headers, body, credentials: "same-origin", signal: options.signal });
  if (response.ok) return response;
  const problem = await readProblem(response);
  if (response.status === 401 && !path.startsWith("/auth/login")) sessionLost?.();
  throw new ApiError(response.status, problem, `${response.status} ${response.statusText}`);
}

/** A JSON request; the type comes from src/contracts (z.infer of the route's response schema). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  return (await response.json()) as T;
}

async function readProblem(response: Response): Promise<Problem | null> {
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === "object" && "title" in parsed) {
      const problem = parsed as Problem;
      return { ...problem, issues: Array.isArray(problem.issues) ? problem.issues : [] };
    }
  } catch {
    // Not JSON (a proxy's error page): the status line is all there is.
  }
  return null;
}

/**
 * The messages for one form field: issues whose path is `path` or lies under it
 * (`rules.all[1]` collects `rules.all[1].value`). `exact` keeps only the field itself.
 */
export function issuesAt(error: unknown, path: string, exact = false): string[] {
  if (!(error instanceof ApiError)) return [];
  const wanted = withoutPart(path);
  return error.issues
    .filter((issue) => {
      const at = withoutPart(issue.path);
      return at === wanted || (!exact && (at.startsWith(`${wanted}.`) || at.startsWith(`${wanted}[`)));
    })
    .map((issue) => (issue.line !== undefined ? `${issue.message} (linje ${issue.line}${issue.column !== undefined ? `:${issue.column}` : ""})` : issue.message));
}

/**
 * Request validation names the part of the request first (`body.name`, `querystring.limit`);
 * a service's own checks do not (`name`). Forms name fields without it, so both match.
 */
export function withoutPart(path: string): string {
  return path.replace(/^(body|querystring|params)(\.|$)/, "");
}

/** The first message for a field, for Mantine's `error` prop. */
export function fieldError(error: unknown, path: string): string | undefined {
  return issuesAt(error, path, true)[0];
}
