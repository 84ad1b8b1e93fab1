// A test of a template, rendered for the sample member, sent to the acting user's OWN address.
// The address is never chosen by the caller, so a test send cannot be used to mail anyone else.
// This only checks and records the request; a worker renders and sends it (templates never
// send, and the HTTP layer must not either).
import type { Root } from "../app/root.ts";
import { recordAudit } from "../audit/record.ts";
import type { Actor } from "../auth/actor.ts";
import { authorize } from "../auth/permissions.ts";
import { forbidden, invalid } from "../errors.ts";
import type { Language } from "./schema.ts";
import { getTemplate, loadCompiledTemplate } from "./store.ts";

/** What the worker gets: ids only (no address, no content). */
export interface TestSendRequest {
  templateVersionId: number;
  staffUserId: number;
  language: Language;
}

export interface TestSendDeps extends Pick<Root, "db" | "clock"> {
  /** Hands the request to the test-send queue. */
  enqueueTestSend(request: TestSendRequest): Promise<void>;
}

export interface TestSendInput {
  channel: "email";
  language?: Language;
  version?: number;
}

export async function requestTestSend(deps: TestSendDeps, actor: Actor, templateId: number, input: TestSendInput): Promise<{ queued: true; to: string }> {
  authorize(actor, "templates.test_send");
  if (actor.kind !== "user") {
    throw invalid("a test send goes to the acting staff user's own address: act as a staff user (budstikke --as EMAIL …)");
  }
  if (input.channel !== "email") throw invalid("test sends are email only", [{ path: "channel", message: "must be email" }]);
  const user = await deps.db.staffUser.findUnique({ where: { id: actor.id }, select: { email: true, disabledAt: true } });
  if (!user || user.disabledAt) throw forbidden("your account is disabled");
  const detail = await getTemplate(deps.db, templateId, input.version);
  const template = await loadCompiledTemplate(deps.db, detail.templateVersionId);
  if (!template.channels.includes("email")) {
    throw invalid(`template ${templateId} has no email content (it has ${template.channels.join(", ")})`, [{ path: "channel", message: "the template has no email content" }]);
  }
  const request: TestSendRequest = { templateVersionId: detail.templateVersionId, staffUserId: actor.id, language: input.language ?? "nb" };
  await deps.enqueueTestSend(request);
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: "templates.test_send", targetType: "template", targetId: templateId,
    details: { templateVersionId: request.templateVersionId, channel: "email", language: request.language },
  });
  return { queued: true, to: user.email };
}
