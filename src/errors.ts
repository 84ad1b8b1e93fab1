// One error type for everything a caller can act on. A kind says what went wrong; `issues`
// say where (field paths). One table maps kinds to CLI exit codes, one to HTTP status, so the
// CLI and the API can never disagree about what an error means.

export const ERROR_KINDS = ["invalid", "not_found", "conflict", "forbidden", "unauthenticated", "rate_limited"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface Issue {
  /** Dotted path of the field, e.g. `audience.rules.all[0].value`; "" for the whole input. */
  path: string;
  message: string;
  /** Where in a text field (MJML, Handlebars) the problem is, 1-based. */
  line?: number;
  column?: number;
}

export class DomainError extends Error {
  readonly kind: ErrorKind;
  readonly issues: Issue[];
  constructor(kind: ErrorKind, message: string, issues: Issue[] = []) {
    super(message);
    this.name = "DomainError";
    this.kind = kind;
    this.issues = issues;
  }
}

/** Exit codes of the CLI: 2 = bad input (fix the command), 1 = could not run. */
export const EXIT_CODE: Record<ErrorKind, 1 | 2> = {
  invalid: 2,
  not_found: 2,
  conflict: 2,
  forbidden: 1,
  unauthenticated: 1,
  rate_limited: 1,
};

export const HTTP_STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rate_limited: 429,
};

/** Titles of the problem+json documents (RFC 9457), one per kind. */
export const PROBLEM_TITLE: Record<ErrorKind, string> = {
  invalid: "Invalid input",
  not_found: "Not found",
  conflict: "Conflict with the current state",
  forbidden: "Forbidden",
  unauthenticated: "Authentication required",
  rate_limited: "Too many requests",
};

export const invalid = (message: string, issues: Issue[] = []) => new DomainError("invalid", message, issues);
export const notFound = (message: string) => new DomainError("not_found", message);
export const conflict = (message: string, issues: Issue[] = []) => new DomainError("conflict", message, issues);
export const forbidden = (message: string) => new DomainError("forbidden", message);
