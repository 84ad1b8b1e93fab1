// Previews for an actor. A preview for a real member shows that member's data, so the member is
// looked up inside the actor's scope (in SQL: a steward cannot tell a member outside the scope
// from one that does not exist) and the read is audited.
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import { scopeOf, type Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { scopeCondition } from "../auth/scope.ts";
import type { ChannelName } from "../channels/names.ts";
import { notFound } from "../errors.ts";
import { previewTemplate, type Preview } from "./preview.ts";
import type { Language } from "./schema.ts";

export interface PreviewInput {
  channel: ChannelName;
  /** A real member's number; omit for the built-in sample member. */
  memberNumber?: string;
  language?: Language;
  version?: number;
}

export type PreviewResult = Preview & { memberNumber: string | null };

export async function previewTemplateFor(
  deps: Pick<Root, "db" | "clock" | "config">,
  actor: Actor,
  templateId: number,
  input: PreviewInput,
): Promise<PreviewResult> {
  authorize(actor, "templates.preview");
  const memberId = input.memberNumber === undefined ? null : await findMemberInScope(deps, actor, input.memberNumber);
  const preview = await previewTemplate(deps.db, {
    templateId, version: input.version, channel: input.channel, memberNumber: input.memberNumber, language: input.language,
    config: deps.config, clock: deps.clock,
  });
  if (memberId !== null) {
    await recordAudit(deps.db, actor, deps.clock.now(), {
      action: "templates.preview", targetType: "member", targetId: memberId,
      details: { templateId, templateVersionId: preview.templateVersionId, channel: input.channel },
    });
  }
  return { ...preview, memberNumber: input.memberNumber ?? null };
}

/** The member's id, if the member exists, is not erased, and is in the actor's scope; else not_found. */
async function findMemberInScope(deps: Pick<Root, "db">, actor: Actor, memberNumber: string): Promise<number> {
  const scope = scopeOf(actor);
  const condition = scope ? scopeCondition(scope, { memberAlias: "m", firstParam: 2 }) : { sql: "true", params: [] };
  // member_number is unique: one index probe, then the scope test on that one row.
  const rows = await deps.db.$queryRawUnsafe<Array<{ id: number }>>(
    `SELECT m.id FROM member m
     WHERE m.member_number = $1 AND NOT EXISTS (SELECT 1 FROM erased_member em WHERE em.member_id = m.id) AND ${condition.sql}`,
    memberNumber, ...condition.params,
  );
  const row = rows[0];
  if (!row) throw notFound(`no member with number ${memberNumber}`);
  return row.id;
}
