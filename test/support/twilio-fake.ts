// A loopback HTTP server that speaks the part of Twilio's REST API the SDK uses to send SMS,
// so tests drive the real twilio SDK (TWILIO_API_URL = fake.url) and never reach Twilio.
//
//   const fake = await startTwilioFake();
//   config: TWILIO_ACCOUNT_SID = fake.accountSid, TWILIO_AUTH_TOKEN = fake.authToken, TWILIO_API_URL = fake.url
//   fake.failFor("+4790000001", "stop");          // 21610 for that number
//   … send …
//   await fake.deliverStatus(fake.messages[0].sid, "delivered", { targetBaseUrl: appUrl });
//   await fake.stop();
//
// It checks what Twilio checks (Basic auth with the account SID and auth token, the account in
// the path, To/From/Body present) and answers with Twilio's JSON shapes: a message resource
// (sid `SM` + 32 hex, status `queued`) with 201, or an error `{code, message, more_info, status}`.
// Status callbacks are signed with the real SDK's `getExpectedTwilioSignature`.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

/** A programmed answer for one destination number. */
export interface FakeAnswer {
  /** HTTP status. */
  status: number;
  /** Twilio error code (absent for a bare 429/500). */
  code?: number;
  message?: string;
  /** Retry-After header: a number of seconds, or a string sent as is (e.g. an HTTP date). */
  retryAfter?: number | string;
}

/** Realistic answers for the cases the product must handle. */
export const FAKE_ANSWERS = {
  /** The recipient replied STOP. */
  stop: { status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient" },
  /** Not a valid phone number. */
  invalid: { status: 400, code: 21211, message: "Invalid 'To' Phone Number" },
  /** A landline: cannot receive SMS. */
  notMobile: { status: 400, code: 21614, message: "'To' number is not a valid mobile number" },
  rateLimited: { status: 429, code: 20429, message: "Too Many Requests", retryAfter: 2 },
  serverError: { status: 500, code: 20500, message: "Internal Server Error" },
} satisfies Record<string, FakeAnswer>;

export type FakeAnswerName = keyof typeof FAKE_ANSWERS;

export interface FakeSms {
  sid: string;
  accountSid: string;
  to: string;
  from: string;
  body: string;
  statusCallback: string | undefined;
  /** Latest status: `queued`, then whatever deliverStatus set. */
  status: string;
  /** Every form field the SDK posted. */
  params: Record<string, string>;
  /** When the fake created it (Date.now()), for the crash tests' duplicate window. */
  acceptedAt: number;
}

export interface StatusCallbackOptions {
  /**
   * Where to POST instead of the message's StatusCallback origin (keeps its path and query).
   * The signature is still computed over `signedUrl`, as Twilio signs the URL it was given.
   */
  targetBaseUrl?: string;
  /** The URL the signature covers; default the message's StatusCallback. */
  signedUrl?: string;
  /** Twilio error code for `failed` / `undelivered`, e.g. "30003". */
  errorCode?: string;
  /** Sign with another token (to test that the app rejects it). */
  authToken?: string;
  /** Leave out X-Twilio-Signature. */
  unsigned?: boolean;
}

/** A status callback ready to send, e.g. with Fastify's `app.inject` instead of HTTP. */
export interface StatusCallbackRequest {
  /** The URL the signature covers (public URL the app validates against). */
  signedUrl: string;
  /** Where deliverStatus POSTs. */
  targetUrl: string;
  /** The target's path and query, for `app.inject({ url })`. */
  path: string;
  params: Record<string, string>;
  /** application/x-www-form-urlencoded body. */
  payload: string;
  headers: Record<string, string>;
}

export interface TwilioFakeOptions {
  /** Default: a random `AC` + 32 hex. */
  accountSid?: string;
  /** Default: random 32 hex. */
  authToken?: string;
}

export interface TwilioFake {
  /** `http://127.0.0.1:PORT`, for TWILIO_API_URL. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Accepted messages, in order. */
  messages: FakeSms[];
  /** Every request that reached the fake (method, path, status answered). */
  requests: { method: string; path: string; status: number }[];
  /** Answer sends to `to` with this error; `times` limits it to the next n sends (default: always). */
  failFor(to: string, answer: FakeAnswer | FakeAnswerName, options?: { times?: number }): void;
  /** Removes all programmed errors and hang-ups. */
  clearFailures(): void;
  /**
   * Creates the message for `to` but never answers: the socket is destroyed once the message
   * exists, as when a connection breaks after Twilio accepted. `times` limits it (default: always).
   */
  hangUpAfterCreating(to: string, options?: { times?: number }): void;
  /**
   * Awaited for every message the fake created, before it answers 201: e.g. to deliver a status
   * callback that reaches the app before the SDK has heard that the message exists.
   */
  beforeAnswer?: (sms: FakeSms) => Promise<void>;
  statusCallbackRequest(sid: string, status: string, options?: StatusCallbackOptions): StatusCallbackRequest;
  /** POSTs a signed status callback for a message and returns the app's answer. */
  deliverStatus(sid: string, status: string, options?: StatusCallbackOptions): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

export async function startTwilioFake(options: TwilioFakeOptions = {}): Promise<TwilioFake> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString("hex")}`;
  const authToken = options.authToken ?? randomBytes(16).toString("hex");
  const messages: FakeSms[] = [];
  const requests: TwilioFake["requests"] = [];
  const failures = new Map<string, { answer: FakeAnswer; remaining: number }>();
  const hangUps = new Map<string, number>();
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  // Recorded before answering, so a test that awaited the SDK call always sees the request.
  const reply = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    requests.push({ method: res.req.method ?? "", path: res.req.url ?? "", status });
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, answer: FakeAnswer): void => {
    const headers: Record<string, string> = answer.retryAfter !== undefined ? { "retry-after": String(answer.retryAfter) } : {};
    reply(
      res,
      answer.status,
      {
        code: answer.code ?? answer.status,
        message: answer.message ?? "Error",
        more_info: `https://www.twilio.com/docs/errors/${answer.code ?? answer.status}`,
        status: answer.status,
      },
      headers,
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const match = MESSAGES_PATH.exec(path);
    if (!match || req.method !== "POST") {
      return error(res, { status: 404, code: 20404, message: `The requested resource ${path} was not found` });
    }
    if (req.headers.authorization !== expectedAuth || match[1] !== accountSid) {
      return error(res, { status: 401, code: 20003, message: "Authenticate" });
    }
    let text = "";
    for await (const chunk of req) text += String(chunk);
    const params = Object.fromEntries(new URLSearchParams(text));
    const { To: to, From: from, Body: body } = params;
    if (!to) return error(res, { status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!from) return error(res, { status: 400, code: 21603, message: "A 'From' phone number is required." });
    if (!body) return error(res, { status: 400, code: 21602, message: "Message body is required." });

    const programmed = failures.get(to);
    if (programmed) {
      if (--programmed.remaining <= 0) failures.delete(to);
      return error(res, programmed.answer);
    }
    const sid = `SM${createHash("md5").update(randomBytes(16)).digest("hex")}`;
    const sms: FakeSms = { sid, accountSid, to, from, body, statusCallback: params.StatusCallback, status: "queued", params, acceptedAt: Date.now() };
    messages.push(sms);
    if (fake.beforeAnswer) await fake.beforeAnswer(sms);
    const hangUp = hangUps.get(to);
    if (hangUp !== undefined) {
      if (hangUp <= 1) hangUps.delete(to);
      else hangUps.set(to, hangUp - 1);
      requests.push({ method: "POST", path: req.url ?? "", status: 0 });
      req.socket.destroy();
      return;
    }
    const now = new Date().toUTCString().replace("GMT", "+0000");
    reply(res, 201, {
      account_sid: accountSid,
      api_version: "2010-04-01",
      body,
      date_created: now,
      date_sent: null,
      date_updated: now,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: null,
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      sid,
      status: "queued",
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
        if (!res.headersSent) reply(res, 500, { code: 20500, message: "fake crashed", status: 500 });
      });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const statusCallbackRequest = (sid: string, status: string, opts: StatusCallbackOptions = {}): StatusCallbackRequest => {
    const sms = messages.find((m) => m.sid === sid);
    if (!sms) throw new Error(`Twilio fake: no message ${sid}`);
    const signedUrl = opts.signedUrl ?? sms.statusCallback;
    if (!signedUrl) throw new Error(`Twilio fake: message ${sid} has no StatusCallback and no signedUrl was given`);
    const target = new URL(signedUrl);
    const targetUrl = opts.targetBaseUrl
      ? `${opts.targetBaseUrl.replace(/\/+$/, "")}${target.pathname}${target.search}`
      : signedUrl;
    const params: Record<string, string> = {
      AccountSid: accountSid,
      ApiVersion: "2010-04-01",
      From: sms.from,
      MessageSid: sid,
      MessageStatus: status,
      SmsSid: sid,
      SmsStatus: status,
      To: sms.to,
      ...(opts.errorCode ? { ErrorCode: opts.errorCode } : {}),
    };
    const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
    if (!opts.unsigned) {
      headers["x-twilio-signature"] = twilio.getExpectedTwilioSignature(opts.authToken ?? authToken, signedUrl, params);
    }
    return { signedUrl, targetUrl, path: `${target.pathname}${target.search}`, params, payload: new URLSearchParams(params).toString(), headers };
  };

  let stopping: Promise<void> | undefined;
  const fake: TwilioFake = {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    messages,
    requests,
    failFor(to, answer, opts = {}) {
      const resolved = typeof answer === "string" ? FAKE_ANSWERS[answer] : answer;
      failures.set(to, { answer: resolved, remaining: opts.times ?? Number.POSITIVE_INFINITY });
    },
    clearFailures: () => {
      failures.clear();
      hangUps.clear();
    },
    hangUpAfterCreating(to, opts = {}) {
      hangUps.set(to, opts.times ?? Number.POSITIVE_INFINITY);
    },
    statusCallbackRequest,
    async deliverStatus(sid, status, opts = {}) {
      const request = statusCallbackRequest(sid, status, opts);
      const response = await fetch(request.targetUrl, { method: "POST", headers: request.headers, body: request.payload });
      const sms = messages.find((m) => m.sid === sid);
      if (sms) sms.status = status;
      return { status: response.status, body: await response.text() };
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
  return fake;
}
