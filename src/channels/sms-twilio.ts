// SMS through Twilio with the real SDK. TWILIO_API_URL reroutes the SDK's HTTP requests to
// another origin (a test fake or an egress proxy) through a RequestClient subclass, so the
// SDK's own request building, auth and error handling still run unchanged.
import { AsyncLocalStorage } from "node:async_hooks";
import { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import twilio from "twilio";
import type TwilioRequestClient from "twilio/lib/base/RequestClient";
import { systemClock, type Clock } from "../clock.ts";
import type { Logger } from "../log.ts";
import { classifyTwilioError, parseRetryAfter } from "./twilio-errors.ts";
import { failed, sent, type Channel, type SendOutcome, type SmsMessage } from "./types.ts";

export interface TwilioSmsOptions {
  accountSid: string;
  authToken: string;
  /** E.164 number or alphanumeric sender (TWILIO_FROM). */
  from: string;
  /** Send the SDK's requests to this origin (optionally with a path prefix) instead of Twilio's. */
  apiUrl?: string;
  /** Request timeout in ms; default 30 s. */
  timeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

// Per-send slot for the Retry-After header: RestException drops response headers, so the
// request client records it here. AsyncLocalStorage keeps concurrent sends apart.
const responseInfo = new AsyncLocalStorage<{ retryAfter?: unknown }>();

/** Rewrites `https://api.twilio.com/2010-04-01/…` to `<apiUrl>/2010-04-01/…`. */
export function rerouteUri(uri: string, apiUrl: string): string {
  const original = new URL(uri);
  const base = new URL(apiUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${original.pathname}${original.search}`;
}

type RequestOptions<T> = TwilioRequestClient.RequestOptions<T>;

export class ReroutingRequestClient extends twilio.RequestClient {
  private readonly apiUrl: string | undefined;

  constructor(apiUrl: string | undefined, options?: TwilioRequestClient.RequestClientOptions) {
    super(options);
    this.apiUrl = apiUrl;
    // A plain-http apiUrl (a fake or a local proxy) would otherwise use Node's global agent,
    // whose sockets we could not close on shutdown.
    this.axios.defaults.httpAgent = this.httpAgent;
  }

  // Idle pooled connections are closed after 4 s, before a server's own idle timeout (Node's
  // default is 5 s) can close one just as we reuse it: that race would end a request in a reset
  // with no answer, an uncertain outcome for an SMS that was never sent.
  private readonly httpAgent = new HttpAgent({ keepAlive: true, timeout: 4000 });

  /** Closes pooled sockets so a shutting-down worker exits promptly. */
  destroy(): void {
    this.httpAgent.destroy();
    (this.axios.defaults.httpsAgent as HttpsAgent | undefined)?.destroy?.();
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    const uri = this.apiUrl ? rerouteUri(opts.uri, this.apiUrl) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    const slot = responseInfo.getStore();
    if (slot && response.statusCode === 429) slot.retryAfter = response.headers?.["retry-after"];
    return response;
  }
}

export function createTwilioSmsChannel(options: TwilioSmsOptions): Channel<SmsMessage> {
  const clock = options.clock ?? systemClock;
  // autoRetry stays off: a 429 must reach the queue, which backs the whole channel off.
  const httpClient = new ReroutingRequestClient(options.apiUrl, { timeout: options.timeoutMs ?? 30_000, autoRetry: false });
  const client = twilio(options.accountSid, options.authToken, { httpClient });
  let closed = false;

  return {
    name: "sms",
    provider: "twilio",
    async send(message: SmsMessage): Promise<SendOutcome> {
      if (closed) throw new Error("Twilio SMS channel is closed");
      const slot: { retryAfter?: unknown } = {};
      try {
        const created = await responseInfo.run(slot, () =>
          client.messages.create({
            to: message.to,
            from: options.from,
            body: message.body,
            ...(message.statusCallback ? { statusCallback: message.statusCallback } : {}),
          }),
        );
        return sent(created.sid);
      } catch (error) {
        const failure = classifyTwilioError(error, parseRetryAfter(slot.retryAfter, clock.now()));
        options.logger?.debug({ channel: "sms", code: failure.code, kind: failure.kind }, "twilio send failed");
        return failed(failure);
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      httpClient.destroy();
    },
  };
}
