// Inbound mail commands: `inbound serve` runs the SMTP receiver (and the IMAP poller when
// BOUNCE_IMAP_URL is set) until SIGTERM/SIGINT; `inbound ingest FILE…` feeds saved messages
// through the same intake, for a bounce someone forwarded by hand or a mailbox export.
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { unsubscribeMailbox } from "../consent/headers.ts";
import { startImapPoller, type ImapPoller } from "../inbound/imap-poller.ts";
import { ingestFromMailbox, ingestInbound, purgeQuarantine, type IngestResult } from "../inbound/ingest.ts";
import { inboundRecipients, startSmtpReceiver } from "../inbound/smtp-receiver.ts";
import type { Context } from "./context.ts";
import { CliError, note, printJson, say, table } from "./output.ts";
import { positiveInt } from "./parse.ts";
import type { Run } from "./run.ts";

const QUARANTINE_PURGE_MS = 60 * 60 * 1000;

export function registerInboundCommands(program: Command, run: Run): void {
  const inbound = program.command("inbound").description("bounces, complaints and mailed unsubscribes coming back");

  inbound
    .command("ingest <files...>")
    .description("process saved messages (.eml): one entry per file with kind, delivery, campaign and action")
    .option("--json", "print JSON")
    .action((files: string[], opts: { json?: boolean }) =>
      run(async (ctx) => {
        const entries: Array<({ file: string } & Partial<IngestResult>) & { error?: string }> = [];
        for (const file of files) {
          let raw: Buffer;
          try {
            raw = await readFile(file);
          } catch (error) {
            entries.push({ file, error: `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
            continue;
          }
          const result = await ingestInbound(ctx, raw, { via: "file" });
          entries.push({ file, kind: result.kind, deliveryId: result.deliveryId, campaignId: result.campaignId, action: result.action, ...(result.reason ? { reason: result.reason } : {}) });
        }
        if (opts.json) printJson(entries);
        else {
          say(table([
            ["file", "kind", "delivery", "campaign", "action"],
            ...entries.map((e) => [e.file, e.kind ?? "error", e.deliveryId ?? "", e.campaignId ?? "", e.error ?? (e.reason ? `${e.action} (${e.reason})` : e.action ?? "")]),
          ]));
        }
        const unreadable = entries.filter((e) => e.error).length;
        // The readable files were processed; the exit code still says that some input was bad.
        if (unreadable > 0) throw new CliError(`${unreadable} of ${files.length} files could not be read`, 2);
      }),
    );

  inbound
    .command("quarantine")
    .description("list inbound messages that could not be read or matched, with the reason (kept INBOUND_QUARANTINE_DAYS)")
    .option("--raw <id>", "print one quarantined message as it arrived (it holds third parties' text: handle with care)")
    .option("--limit <n>", "at most this many, newest first", positiveInt, 50)
    .option("--json", "print JSON")
    .action((opts: { raw?: string; limit: number; json?: boolean }) =>
      run(async (ctx) => {
        if (opts.raw !== undefined) {
          if (!/^[1-9]\d{0,17}$/.test(opts.raw)) throw new CliError("--raw needs a quarantine id (see `budstikke inbound quarantine`)", 2);
          const row = await ctx.db.inboundQuarantine.findUnique({ where: { id: BigInt(opts.raw) } });
          if (!row) throw new CliError(`no quarantined message with id ${opts.raw}`, 2);
          process.stdout.write(Buffer.from(row.raw));
          return;
        }
        const rows = await ctx.db.inboundQuarantine.findMany({
          orderBy: { id: "desc" }, take: opts.limit,
          select: { id: true, receivedAt: true, receivedVia: true, reason: true, verdict: true, size: true },
        });
        const items = rows.map((r) => ({ id: r.id.toString(), receivedAt: r.receivedAt.toISOString(), via: r.receivedVia, verdict: r.verdict, reason: r.reason, size: r.size }));
        if (opts.json) return printJson(items);
        if (items.length === 0) return say("Nothing in quarantine.");
        say(table([["id", "received", "via", "verdict", "reason", "bytes"], ...items.map((i) => [i.id, i.receivedAt, i.via, i.verdict ?? "", i.reason, i.size])]));
      }),
    );

  inbound
    .command("serve")
    .description("receive bounces and unsubscribe mail by SMTP (INBOUND_SMTP_PORT), and poll BOUNCE_IMAP_URL when set, until SIGTERM/SIGINT")
    .option("--port <n>", "SMTP port (default INBOUND_SMTP_PORT)", positiveInt)
    .option("--host <host>", "interface to listen on (default INBOUND_SMTP_HOST)")
    .action((opts: { port?: number; host?: string }) => run((ctx) => serveInbound(ctx, opts)));
}

export async function serveInbound(ctx: Context, opts: { port?: number; host?: string }): Promise<void> {
  const { config, logger } = ctx;
  const mailbox = unsubscribeMailbox(config);
  if (!config.BOUNCE_DOMAIN) note("BOUNCE_DOMAIN is not set: only the unsubscribe mailbox is received (bounces need the VERP return path).");
  const receiver = await startSmtpReceiver({
    host: opts.host ?? config.INBOUND_SMTP_HOST, port: opts.port ?? config.INBOUND_SMTP_PORT, maxBytes: config.INBOUND_MAX_BYTES,
    accepts: inboundRecipients(config.BOUNCE_DOMAIN, mailbox), logger,
    handle: async (raw, envelopeRecipients) => {
      const result = await ingestInbound(ctx, raw, { via: "smtp", envelopeRecipients });
      logger.info({ kind: result.kind, action: result.action, campaignId: result.campaignId }, "inbound message");
    },
  });
  let poller: ImapPoller | null = null;
  if (config.BOUNCE_IMAP_URL) {
    poller = startImapPoller({
      url: config.BOUNCE_IMAP_URL, logger,
      handle: (raw) => ingestFromMailbox(ctx, raw),
    });
  }
  const purge = () => purgeQuarantine(ctx).then(
    (n) => n > 0 && logger.info({ deleted: n }, "old quarantined messages deleted"),
    (error: Error) => logger.warn({ err: error.message }, "quarantine purge failed"),
  );
  void purge();
  const purgeTimer = setInterval(() => void purge(), QUARANTINE_PURGE_MS);
  purgeTimer.unref();
  note(`Receiving bounces and unsubscribe mail on ${opts.host ?? config.INBOUND_SMTP_HOST}:${receiver.port} for ${[config.BOUNCE_DOMAIN ? `bounces+…@${config.BOUNCE_DOMAIN}` : null, mailbox].filter(Boolean).join(" and ")}${poller ? "; polling the IMAP mailbox" : ""}. Ctrl-C stops it.`);
  if (poller) {
    // A wrong password or host is a setup error to say at once, not to retry silently.
    await poller.started.catch(async (error: Error) => {
      await receiver.close();
      throw new CliError(`BOUNCE_IMAP_URL: ${error.message}`, 1);
    });
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGTERM", stop).off("SIGINT", stop);
      resolve();
    };
    process.on("SIGTERM", stop).on("SIGINT", stop);
  });
  clearInterval(purgeTimer);
  await Promise.all([receiver.close(), poller?.stop()]);
  note("Inbound stopped.");
}
