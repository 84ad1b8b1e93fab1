// Persistence for templates: save (check, compile, insert a new immutable version), list,
// show, and load a compiled version (cached per process, since versions never change).
import { DomainError } from "../errors.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { compileTemplateSource } from "./compile.ts";
import { CompiledTemplate, type CompiledArtefacts } from "./compiled.ts";
import {
  TemplateInputSchema, TemplateValidationError,
  type TemplateInput, type TemplateSource, type TemplateWarning,
} from "./schema.ts";

export interface SaveResult {
  templateId: number;
  version: number;
  templateVersionId: number;
  warnings: TemplateWarning[];
}

export class TemplateNotFoundError extends DomainError {
  override name = "TemplateNotFoundError";
  constructor(message: string) {
    super("not_found", message);
  }
}

/**
 * Checks and saves a template. Without `input.id` (or `options.templateId`) it creates a new
 * template at version 1; with one, it adds the next version. Throws TemplateValidationError.
 */
export async function saveTemplate(
  db: Db,
  input: TemplateInput | unknown,
  clock: Clock,
  options: { templateId?: number } = {},
): Promise<SaveResult> {
  const parsed = TemplateInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new TemplateValidationError(
      parsed.error.issues.map((issue) => ({
        channel: "template" as const,
        language: null,
        field: issue.path.join(".") || "(file)",
        message: issue.message,
      })),
    );
  }
  const source: TemplateSource = parsed.data;
  const templateId = options.templateId ?? source.id;
  const { artefacts, warnings } = await compileTemplateSource(source);
  const now = clock.now();
  const toJson = (v: unknown) => v as Prisma.InputJsonValue;

  return db.$transaction(async (tx) => {
    let id: number;
    let version: number;
    if (templateId === undefined) {
      const created = await tx.template.create({
        data: { name: source.name, purpose: source.purpose, latestVersion: 1, createdAt: now, updatedAt: now },
      });
      id = created.id;
      version = 1;
    } else {
      // The row lock taken by this UPDATE serialises concurrent saves of the same template.
      const rows = await tx.$queryRaw<Array<{ latest_version: number; purpose: string }>>`
        UPDATE "template" SET "latest_version" = "latest_version" + 1, "name" = ${source.name}, "updated_at" = ${now}
        WHERE "id" = ${templateId} RETURNING "latest_version", "purpose"`;
      const row = rows[0];
      if (!row) throw new TemplateNotFoundError(`template ${templateId} does not exist`);
      if (row.purpose !== source.purpose) {
        // A campaign chose the template for its purpose; changing it under them would change consent checks.
        throw new TemplateValidationError([{
          channel: "template", language: null, field: "purpose",
          message: `template ${templateId} has purpose "${row.purpose}"; save a new template for purpose "${source.purpose}"`,
        }]);
      }
      id = templateId;
      version = row.latest_version;
    }
    const { id: _ignored, ...stored } = source;
    const saved = await tx.templateVersion.create({
      data: {
        templateId: id, version, name: source.name, purpose: source.purpose,
        source: toJson(stored), compiled: toJson(artefacts), warnings: toJson(warnings), createdAt: now,
      },
    });
    return { templateId: id, version, templateVersionId: saved.id, warnings };
  });
}

// Versions are immutable, so a compiled one is valid for the life of the process.
const cache = new Map<number, Promise<CompiledTemplate>>();
const CACHE_LIMIT = 200;

/** The compiled template for a version id; compiled once per process. */
export function loadCompiledTemplate(db: Db, templateVersionId: number): Promise<CompiledTemplate> {
  let hit = cache.get(templateVersionId);
  if (!hit) {
    hit = (async () => {
      const row = await db.templateVersion.findUnique({ where: { id: templateVersionId }, select: { compiled: true } });
      if (!row) throw new TemplateNotFoundError(`template version ${templateVersionId} does not exist`);
      return new CompiledTemplate(row.compiled as unknown as CompiledArtefacts, templateVersionId);
    })();
    hit.catch(() => cache.delete(templateVersionId));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(templateVersionId, hit);
  }
  return hit;
}

export interface TemplateSummary {
  id: number;
  name: string;
  purpose: string;
  latestVersion: number;
  latestVersionId: number | null;
  channels: string[];
  updatedAt: Date;
}

export async function listTemplates(db: Db): Promise<TemplateSummary[]> {
  const templates = await db.template.findMany({
    orderBy: { id: "asc" },
    include: { versions: { orderBy: { version: "desc" }, take: 1, select: { id: true, compiled: true } } },
  });
  return templates.map((t) => {
    const latest = t.versions[0];
    const compiled = latest?.compiled as unknown as CompiledArtefacts | undefined;
    return {
      id: t.id, name: t.name, purpose: t.purpose, latestVersion: t.latestVersion, latestVersionId: latest?.id ?? null,
      channels: compiled ? (["email", "sms", "letter"] as const).filter((c) => compiled[c]) : [],
      updatedAt: t.updatedAt,
    };
  });
}

export interface TemplateVersionDetail {
  templateId: number;
  templateVersionId: number;
  version: number;
  name: string;
  purpose: string;
  source: TemplateSource;
  warnings: TemplateWarning[];
  createdAt: Date;
  versions: Array<{ version: number; templateVersionId: number; createdAt: Date }>;
}

/** A template's version (the latest unless `version` is given), with its source and history. */
export async function getTemplate(db: Db, templateId: number, version?: number): Promise<TemplateVersionDetail> {
  const versions = await db.templateVersion.findMany({
    where: { templateId },
    orderBy: { version: "asc" },
    select: { id: true, version: true, createdAt: true },
  });
  const wanted = version === undefined ? versions[versions.length - 1] : versions.find((v) => v.version === version);
  if (!wanted) throw new TemplateNotFoundError(`template ${templateId}${version ? ` version ${version}` : ""} does not exist`);
  const row = await db.templateVersion.findUniqueOrThrow({ where: { id: wanted.id } });
  return {
    templateId, templateVersionId: row.id, version: row.version, name: row.name, purpose: row.purpose,
    source: row.source as unknown as TemplateSource, warnings: row.warnings as unknown as TemplateWarning[],
    createdAt: row.createdAt,
    versions: versions.map((v) => ({ version: v.version, templateVersionId: v.id, createdAt: v.createdAt })),
  };
}
