// Shapes shared by every API route: problems (RFC 9457), cursor pages, ids.
import { z } from "zod";

export const ProblemSchema = z
  .object({
    type: z.string().describe("A URI naming the kind of problem; about:blank when the status says it all"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    kind: z.enum(["invalid", "not_found", "conflict", "forbidden", "unauthenticated", "rate_limited", "internal"]),
    issues: z
      .array(z.object({ path: z.string(), message: z.string(), line: z.number().int().optional(), column: z.number().int().optional() }))
      .describe("Field paths and what is wrong with each (line and column inside a template text)"),
    requestId: z.string().optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof ProblemSchema>;

/** Problem responses every authenticated route may give. */
export const PROBLEM_RESPONSES = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  429: ProblemSchema,
} as const;

export const IdParams = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** Cursor pagination: pass `nextCursor` back as `cursor` for the next page; null at the end. */
export const PageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

/** Opaque cursors: base64url of a small JSON (e.g. the last id). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return undefined;
}

export const Ok = z.object({ ok: z.literal(true) });

/** An instant as the contracts write it (ISO 8601, UTC), or null. */
export const isoInstant = (at: Date | null): string | null => at?.toISOString() ?? null;

/** A calendar date (stored as midnight UTC) as YYYY-MM-DD, or null. */
export const isoDay = (day: Date | null): string | null => day?.toISOString().slice(0, 10) ?? null;
