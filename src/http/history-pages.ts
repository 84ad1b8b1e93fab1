// The member's history pages (GDPR art. 15, "what have you sent me?"). From the preference centre
// a member asks for the link (POST with their member link); the member-link worker sends it to
// the address on file, never to whoever holds the old link. The link (src/history/links.ts) opens
// only these pages, for 24 hours: the list of messages, and its CSV and JSON downloads. Every view
// and download is audited. GET only renders and records the read; nothing else changes.
import formbody from "@fastify/formbody";
import rateLimit from "@fastify/rate-limit";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { verifyToken } from "../consent/tokens.ts";
import { historyCsv, historyJson, osloIso } from "../history/export.ts";
import { findHistoryLink, type HistoryLink } from "../history/links.ts";
import { memberHistory } from "../history/list.ts";
import { HISTORY_TEXTS } from "../history/texts.ts";
import { historyExpired, historyPage, historyRequested } from "../history/views.ts";
import { liveMember } from "../members/live.ts";
import { shownIdentity } from "../organisation/identity.ts";
import { requestMemberLink } from "../queues/queues.ts";
import type { AppDeps } from "./app.ts";
import type { Html } from "./html.ts";
import type { Lang } from "./i18n.ts";
import { memberPage, pageLanguage } from "./member-shell.ts";
import { notFoundPage } from "./public-pages.ts";

interface TokenParams {
  token: string;
}

const REQUEST_ROUTE = "/preferences/:token/history";
const FORMATS = { csv: "text/csv; charset=utf-8", json: "application/json; charset=utf-8" } as const;
type Format = keyof typeof FORMATS;

export function historyPages(deps: AppDeps): FastifyPluginAsync {
  const { db, config, clock } = deps;

  // The limiter and the handler ask the same question about a request's token: one lookup each.
  const lookups = new WeakMap<FastifyRequest, Promise<HistoryLink>>();
  const historyLinkOf = (request: FastifyRequest): Promise<HistoryLink> => {
    let found = lookups.get(request);
    if (!found) {
      found = findHistoryLink(db, tokenOf(request), clock.now());
      lookups.set(request, found);
    }
    return found;
  };

  /** Requests with a token that opens something (an expired history link too) are not counted; only guessing is. */
  const carriesValidToken = async (request: FastifyRequest): Promise<boolean> => {
    if (request.routeOptions.url === REQUEST_ROUTE) return verifyToken(config.secretKeys, tokenOf(request)) !== null;
    return (await historyLinkOf(request)) !== null;
  };

  const send = async (reply: FastifyReply, page: { lang: Lang; title: string; body: Html; here: string; token?: string }, status = 200) => {
    const identity = await shownIdentity(db, config);
    const chrome = { identity, here: page.here, ...(page.token ? { token: page.token } : {}) };
    return reply.code(status).type("text/html; charset=utf-8").send(memberPage(page.lang, page.title, page.body, chrome));
  };

  const audit = (action: string, memberId: number, details: Record<string, string | number>) =>
    db.auditLog.create({ data: { actor: "member", action, entity: "member", entityId: String(memberId), at: clock.now(), details } });

  /** The link's member for a page or download, or the reply already sent (404 unknown, 410 expired). */
  async function open(request: FastifyRequest<{ Params: TokenParams }>, reply: FastifyReply) {
    const link = await historyLinkOf(request);
    if (link === "expired") {
      const lang = pageLanguage(request);
      const t = HISTORY_TEXTS[lang];
      return { sent: await send(reply, { lang, title: t.expiredTitle, body: historyExpired(t), here: request.url }, 410) };
    }
    const member = link === null ? null : await liveMember(db, link.memberId);
    if (link === null || member === null) return { sent: notFoundPage(reply) };
    const history = await memberHistory(db, link.memberId, { now: clock.now(), retentionDays: config.RETENTION_DELIVERIES_DAYS });
    return { link, history, lang: pageLanguage(request, member.language) };
  }

  return async (app) => {
    await app.register(formbody);
    await app.register(rateLimit, {
      max: deps.rateLimit?.max ?? 60,
      timeWindow: deps.rateLimit?.timeWindowMs ?? 60_000,
      allowList: (request) => carriesValidToken(request),
    });
    // The token is the only credential: nothing of these pages is cached, and no Referer carries it on.
    app.addHook("onSend", async (_request, reply) => {
      reply.header("cache-control", "no-store");
      reply.header("referrer-policy", "no-referrer");
    });

    app.post<{ Params: TokenParams }>(REQUEST_ROUTE, async (request, reply) => {
      const { token } = request.params;
      const claims = verifyToken(config.secretKeys, token);
      if (!claims || !deps.queues) return notFoundPage(reply);
      const member = await liveMember(db, claims.memberId);
      if (!member) return notFoundPage(reply);
      await requestMemberLink(deps.queues, {
        memberId: claims.memberId, purpose: claims.purpose, channel: claims.channel,
        campaignId: claims.campaignId, newsletterId: claims.newsletterId ?? null, kind: "history",
      }, clock.now());
      // The same answer whether or not the member has an address: the page reveals nothing.
      const lang = pageLanguage(request, member.language);
      const t = HISTORY_TEXTS[lang];
      return send(reply, { lang, title: t.title, body: historyRequested(t), here: `/preferences/${token}`, token });
    });

    // No automatic HEAD: a link scanner's HEAD would run the handler and be audited as a view.
    app.get<{ Params: TokenParams }>("/history/:token", { exposeHeadRoute: false }, async (request, reply) => {
      const opened = await open(request, reply);
      if ("sent" in opened) return opened.sent;
      const { link, history, lang } = opened;
      const t = HISTORY_TEXTS[lang];
      await audit("member.history_viewed", link.memberId, { entries: history.entries.length });
      const base = `/history/${request.params.token}`;
      const body = historyPage(t, lang, history, { csv: `${base}/download.csv`, json: `${base}/download.json`, expiresAt: link.expiresAt });
      return send(reply, { lang, title: t.title, body, here: base });
    });

    for (const format of Object.keys(FORMATS) as Format[]) {
      app.get<{ Params: TokenParams }>(`/history/:token/download.${format}`, { exposeHeadRoute: false }, async (request, reply) => {
        const opened = await open(request, reply);
        if ("sent" in opened) return opened.sent;
        const { link, history, lang } = opened;
        await audit("member.history_downloaded", link.memberId, { format, entries: history.entries.length });
        const day = osloIso(history.generatedAt).slice(0, 10);
        return reply
          .type(FORMATS[format])
          .header("content-disposition", `attachment; filename="history-${day}.${format}"`)
          .send(format === "csv" ? historyCsv(history, HISTORY_TEXTS[lang]) : historyJson(history));
      });
    }
  };
}

function tokenOf(request: FastifyRequest): string {
  const token = (request.params as Partial<TokenParams> | undefined)?.token;
  return typeof token === "string" ? token : "";
}
