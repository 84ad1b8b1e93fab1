// Templates for an actor: list, show, save (a new template or a new version). Authorisation and
// the audit trail live here, so the CLI and the API obey the same rules.
import { z } from "zod";
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import type { ChannelName } from "../channels/names.ts";
import { decodeCursor, encodeCursor } from "../contracts/common.ts";
import type { Purpose } from "../consent/purposes.ts";
import { invalid } from "../errors.ts";
import type { CompiledArtefacts } from "./compiled.ts";
import type { TemplateWarning } from "./schema.ts";
import { getTemplate, saveTemplate, type SaveResult } from "./store.ts";

export interface TemplateSummaryView {
  id: number;
  name: string;
  purpose: Purpose;
  latestVersion: number;
  latestVersionId: number | null;
  channels: ChannelName[];
  updatedAt: string;
}

export interface TemplateDetailView {
  templateId: number;
  templateVersionId: number;
  version: number;
  name: string;
  purpose: Purpose;
  source: Record<string, unknown>;
  warnings: TemplateWarning[];
  createdAt: string;
  versions: Array<{ version: number; templateVersionId: number; createdAt: string }>;
}

const Cursor = z.object({ id: z.number().int().positive() });

/** Templates by id, a keyset page at a time. */
export async function listTemplatesFor(
  deps: Pick<Root, "db">,
  actor: Actor,
  page: { cursor?: string; limit?: number } = {},
): Promise<{ items: TemplateSummaryView[]; nextCursor: string | null }> {
  authorize(actor, "templates.read");
  const limit = page.limit ?? 50;
  const after = decodeCursor(page.cursor, Cursor);
  if (page.cursor !== undefined && !after) throw invalid("invalid cursor", [{ path: "cursor", message: "pass back a nextCursor from an earlier page" }]);
  const rows = await deps.db.template.findMany({
    where: after ? { id: { gt: after.id } } : {},
    orderBy: { id: "asc" },
    take: limit + 1,
    // The latest version only: its compiled artefacts say which channels the template has.
    include: { versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, compiled: true } } },
  });
  const items = rows.slice(0, limit).map((t): TemplateSummaryView => {
    const latest = t.versions[0];
    const compiled = latest?.compiled as unknown as CompiledArtefacts | undefined;
    return {
      id: t.id, name: t.name, purpose: t.purpose as Purpose, latestVersion: t.latestVersion, latestVersionId: latest?.id ?? null,
      channels: compiled ? (["email", "sms", "letter"] as const).filter((c) => compiled[c]) : [],
      updatedAt: t.updatedAt.toISOString(),
    };
  });
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}

/** One version of a template (the latest unless `version` is given), with its source and history. */
export async function getTemplateFor(deps: Pick<Root, "db">, actor: Actor, templateId: number, version?: number): Promise<TemplateDetailView> {
  authorize(actor, "templates.read");
  const detail = await getTemplate(deps.db, templateId, version);
  return {
    templateId: detail.templateId, templateVersionId: detail.templateVersionId, version: detail.version, name: detail.name,
    purpose: detail.purpose as Purpose, source: detail.source as unknown as Record<string, unknown>, warnings: detail.warnings,
    createdAt: detail.createdAt.toISOString(),
    versions: detail.versions.map((v) => ({ version: v.version, templateVersionId: v.templateVersionId, createdAt: v.createdAt.toISOString() })),
  };
}

/**
 * Checks and saves a template: a new one, or (with `templateId`, or `id` in the input) the next
 * version of an existing one. Throws TemplateValidationError (kind invalid) with one issue per
 * problem, each naming channel.language.field and, where known, line and column.
 */
export async function saveTemplateFor(
  deps: Pick<Root, "db" | "clock">,
  actor: Actor,
  input: unknown,
  options: { templateId?: number } = {},
): Promise<SaveResult> {
  authorize(actor, "templates.write");
  const givenId = typeof input === "object" && input !== null ? (input as { id?: unknown }).id : undefined;
  if (options.templateId !== undefined && givenId !== undefined && givenId !== options.templateId) {
    throw invalid(`the input names template ${String(givenId)}, but this saves template ${options.templateId}`, [{ path: "id", message: `must be ${options.templateId} or left out` }]);
  }
  const result = await saveTemplate(deps.db, input, deps.clock, options);
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: result.version === 1 ? "templates.create" : "templates.save_version",
    targetType: "template",
    targetId: result.templateId,
    details: { version: result.version, templateVersionId: result.templateVersionId, warnings: result.warnings.length },
  });
  return result;
}
