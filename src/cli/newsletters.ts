// Newsletter commands: named newsletters members subscribe to (double opt-in), their settings
// (template, sender name, schedule in Europe/Oslo, segment), their issues, and invitations.
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { createNewsletterFor } from "../consent/newsletters-service.ts";
import { cancelIssue, listIssues, prepareIssue, sendIssueByHand } from "../newsletters/issues.ts";
import { listNewsletterDetails, updateNewsletter } from "../newsletters/settings.ts";
import { inviteMember } from "../newsletters/subscriptions.ts";
import { CliError, printJson, say, table } from "./output.ts";
import type { Run } from "./run.ts";

function id(value: string, what = "newsletter id"): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new CliError(`${what} must be a positive whole number, not ${JSON.stringify(value)}`, 2);
  return Number(value);
}

function readContent(file: string): string {
  try {
    return file === "-" ? readFileSync(0, "utf8") : readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, 2);
  }
}

export function registerNewsletterCommands(program: Command, run: Run): void {
  const newsletters = program.command("newsletters").description("named newsletters (double opt-in), their schedules and issues");
  newsletters
    .command("add <slug> <name>")
    .description("create or rename a newsletter")
    .option("--json", "print JSON")
    .action((slug: string, name: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const { newsletter: n, created } = await createNewsletterFor(ctx, await ctx.actor(), { slug, name }, { renameExisting: true });
        if (opts.json) printJson(n);
        else say(`Newsletter ${n.id} (${n.slug}): ${n.name}${created ? "" : " (renamed)"}`);
      }),
    );
  newsletters
    .command("list")
    .description("newsletters with schedule, subscribers and the latest skipped slot")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) =>
      run(async (ctx) => {
        const all = await listNewsletterDetails(ctx, await ctx.actor());
        if (opts.json) return printJson(all);
        say(table([
          ["id", "slug", "name", "template", "schedule (Europe/Oslo)", "subscribers", "pending", "prepared", "latest slot"],
          ...all.map((n) => [
            n.id, n.slug, n.name, n.templateId ?? "-", n.scheduleCron ?? "-", n.subscribers, n.pendingConfirmations, n.preparedIssues,
            n.lastSkippedSlot ? `skipped ${n.lastSkippedSlot.slotAt}: ${n.lastSkippedSlot.reason}` : "-",
          ]),
        ]));
      }),
    );
  newsletters
    .command("set <id>")
    .description("change a newsletter's settings (only the options given)")
    .option("--name <name>", "the newsletter's name")
    .option("--template <id>", "a template of purpose newsletter with email content")
    .option("--sender <name>", "the sender name (template variable data.senderName)")
    .option("--schedule <cron>", "five-field cron pattern in Europe/Oslo time, e.g. '0 8 * * 1'")
    .option("--no-schedule", "no schedule: issues are sent by hand")
    .option("--segment <id>", "only subscribers also in this segment")
    .option("--no-segment", "every confirmed subscriber")
    .option("--json", "print JSON")
    .action((newsletterId: string, opts: { name?: string; template?: string; sender?: string; schedule?: string | false; segment?: string | false; json?: boolean }) =>
      run(async (ctx) => {
        const n = await updateNewsletter(ctx, await ctx.actor(), id(newsletterId), {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(opts.template !== undefined ? { templateId: id(opts.template, "template id") } : {}),
          ...(opts.sender !== undefined ? { senderName: opts.sender } : {}),
          ...(opts.schedule === false ? { scheduleCron: null } : opts.schedule !== undefined ? { scheduleCron: opts.schedule } : {}),
          ...(opts.segment === false ? { segmentId: null } : opts.segment !== undefined ? { segmentId: id(opts.segment, "segment id") } : {}),
        });
        if (opts.json) printJson(n);
        else say(`Newsletter ${n.id}: template ${n.templateId ?? "-"}, schedule ${n.scheduleCron ?? "none"}${n.nextSlotAt ? ` (next ${n.nextSlotAt})` : ""}, segment ${n.segmentId ?? "-"}`);
      }),
    );
  newsletters
    .command("issues <id>")
    .description("a newsletter's issues and skipped slots, newest first")
    .option("--json", "print JSON")
    .action((newsletterId: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const items = await listIssues(ctx, await ctx.actor(), id(newsletterId));
        if (opts.json) return printJson(items);
        say(table([["issue", "status", "subject", "slot", "campaign", "reason"], ...items.map((i) => [i.id, i.status, i.subject || "-", i.slotAt ?? "-", i.campaignId ?? "-", i.reason ?? "-"])]));
      }),
    );
  newsletters
    .command("prepare <id>")
    .description("prepare an issue; the schedule sends the oldest prepared issue at its next slot")
    .requiredOption("--subject <subject>", "the issue's subject")
    .requiredOption("--content <file>", "plain text (blank lines separate paragraphs), or - for stdin")
    .option("--json", "print JSON")
    .action((newsletterId: string, opts: { subject: string; content: string; json?: boolean }) =>
      run(async (ctx) => {
        const issue = await prepareIssue(ctx, await ctx.actor(), id(newsletterId), { subject: opts.subject.trim(), content: readContent(opts.content).trim() });
        if (opts.json) printJson(issue);
        else say(`Issue ${issue.id} prepared for newsletter ${issue.newsletterId}`);
      }),
    );
  newsletters
    .command("cancel-issue <id> <issue>")
    .option("--json", "print JSON")
    .action((newsletterId: string, issueId: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const issue = await cancelIssue(ctx, await ctx.actor(), id(newsletterId), id(issueId, "issue id"));
        if (opts.json) printJson(issue);
        else say(`Issue ${issue.id} cancelled`);
      }),
    );
  newsletters
    .command("send-issue <id> <issue>")
    .description("send a prepared issue by hand: it becomes a draft campaign to schedule like any other")
    .option("--json", "print JSON")
    .action((newsletterId: string, issueId: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const sent = await sendIssueByHand(ctx, await ctx.actor(), id(newsletterId), id(issueId, "issue id"));
        if (opts.json) printJson(sent);
        else say(`Issue ${sent.issue.id} is campaign ${sent.campaignId} (draft): schedule it with 'campaign schedule ${sent.campaignId}'`);
      }),
    );
  newsletters
    .command("invite <id> <memberNumber>")
    .description("email a member a confirmation link for the newsletter (the member must confirm)")
    .option("--json", "print JSON")
    .action((newsletterId: string, memberNumber: string, opts: { json?: boolean }) =>
      run(async (ctx) => {
        const outcome = await inviteMember(ctx, await ctx.actor(), id(newsletterId), memberNumber);
        if (opts.json) printJson({ outcome });
        else say(outcome === "already_subscribed" ? "Already subscribed" : "Confirmation email queued");
      }),
    );
}
