import { Agent, fetch as fetchWith } from "undici";
import { fromCatalog } from "../errors/index.js";
import { getLocale, t } from "../i18n/index.js";
import { type ClientTls, tlsFailureOf } from "../tls/index.js";
import { TaxiiError } from "./errors.js";
import { TAXII_MEDIA_TYPE } from "./media-type.js";

/**
 * A TAXII 2.1 HTTP client: Basic or Bearer credentials, TAXII media types, and retries with
 * exponential backoff on network failures, 429 and 5xx, waiting as long as Retry-After asks
 * (capped). Bodies are returned as text so envelopes can go through the ingest path byte for byte.
 * With `tls`, it presents a client certificate and trusts the given CA (mutual TLS, as CISA AIS
 * asks); a TLS failure (an untrusted or expired server certificate, a refused client
 * certificate) is reported at once as what it is, never retried.
 */

/** Credentials for a remote server: a username and password (Basic), or a token (Bearer). */
export interface ClientCredentials {
  username?: string | null;
  password?: string | null;
  token?: string | null;
}

/** Options of a TaxiiClient. */
export interface TaxiiClientOptions {
  credentials?: ClientCredentials;
  /** Retries after the first attempt. Default 5. */
  maxRetries?: number;
  /** First backoff delay in ms, doubled each retry. Default 500. */
  baseDelayMs?: number;
  /** Longest wait, whatever Retry-After says. Default 60,000. */
  maxDelayMs?: number;
  /** Per-request timeout in ms. Default 120,000. */
  timeoutMs?: number;
  /** How to wait (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
  /** The client certificate to present and the CA to trust instead of the system's (tls's readClientTls). */
  tls?: ClientTls | null;
  /** Said after a 401 or 403: where this client's credentials come from. Default: the feed's. */
  credentialHint?: string;
}

/** A response: status, headers and body text. */
export interface ClientResponse {
  status: number;
  headers: Headers;
  text: string;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);

/** The wait a Retry-After header asks for, in ms (seconds or an HTTP date), or null. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A TAXII 2.1 client for one remote server. */
export class TaxiiClient {
  readonly #authorization: string | null;
  readonly #options: Required<Omit<TaxiiClientOptions, "credentials" | "tls" | "credentialHint">>;
  readonly #hint: string | undefined;
  /** Connections with the client certificate and CA, or null for Node's own fetch. */
  readonly #agent: Agent | null;

  constructor(options: TaxiiClientOptions = {}) {
    const c = options.credentials ?? {};
    this.#authorization = c.token
      ? `Bearer ${c.token}`
      : c.username
        ? `Basic ${Buffer.from(`${c.username}:${c.password ?? ""}`).toString("base64")}`
        : null;
    this.#options = {
      maxRetries: options.maxRetries ?? 5,
      baseDelayMs: options.baseDelayMs ?? 500,
      maxDelayMs: options.maxDelayMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 120_000,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    };
    this.#hint = options.credentialHint;
    const tls = options.tls;
    this.#agent = tls ? new Agent({ connect: { ...tls } }) : null;
  }

  /** Closes the client's TLS connections (a client without `tls` has none of its own). */
  async close(): Promise<void> {
    await this.#agent?.close();
  }

  /** One fetch, through the client's TLS agent when it has one. */
  #fetch(
    url: string,
    init: { method: string; headers: Record<string, string>; body: string | undefined; signal: AbortSignal },
  ): Promise<Response> {
    if (!this.#agent) return fetch(url, init);
    // undici's own fetch with its own Agent: Node's bundled fetch may be another undici release.
    return fetchWith(url, { ...init, dispatcher: this.#agent }) as unknown as Promise<Response>;
  }

  /** One request with retries; any final status ≥ 400 becomes TAXII_REMOTE with the server's error title. */
  async request(method: "GET" | "POST", url: string, body?: string): Promise<ClientResponse> {
    // The remote's error descriptions in our reader's language, when it speaks it.
    const headers: Record<string, string> = { accept: TAXII_MEDIA_TYPE, "accept-language": getLocale() };
    if (this.#authorization) headers.authorization = this.#authorization;
    if (body !== undefined) headers["content-type"] = TAXII_MEDIA_TYPE;
    const { maxRetries, baseDelayMs, maxDelayMs, timeoutMs, sleep } = this.#options;
    for (let attempt = 0; ; attempt++) {
      let response: Response | null = null;
      let failure: unknown = null;
      try {
        response = await this.#fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        // The same certificate fails the same way again: say what it is now.
        const tls = tlsFailureOf(error, url);
        if (tls) throw tls;
        failure = error;
      }
      const retryable = response === null || RETRY_STATUSES.has(response.status);
      if (!retryable && response) {
        const text = await response.text();
        if (response.status >= 400) throw remoteError(method, url, response.status, text, this.#hint);
        return { status: response.status, headers: response.headers, text };
      }
      if (attempt >= maxRetries) {
        if (response) throw remoteError(method, url, response.status, await response.text(), this.#hint);
        throw new TaxiiError(
          "TAXII_REMOTE",
          fromCatalog("errors:taxii.remoteFailed", { method, url, attempts: attempt + 1, reason: describe(failure) }),
          {
            cause: failure,
          },
        );
      }
      const asked = response ? retryAfterMs(response.headers.get("retry-after")) : null;
      await response?.body?.cancel().catch(() => undefined);
      await sleep(Math.min(maxDelayMs, asked ?? baseDelayMs * 2 ** attempt));
    }
  }

  /** GETs a TAXII resource as parsed JSON. */
  async getJson<T>(url: string): Promise<T> {
    const response = await this.request("GET", url);
    return parseJson<T>(response.text, url);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}

/** Parses a body as JSON or throws TAXII_REMOTE saying the server did not answer TAXII. */
export function parseJson<T>(text: string, url: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new TaxiiError("TAXII_REMOTE", fromCatalog("errors:taxii.remoteNotJson", { url, start: text.slice(0, 80) }), {
      cause,
    });
  }
}

function remoteError(method: string, url: string, status: number, text: string, credentialHint?: string): TaxiiError {
  let detail = text.slice(0, 200);
  try {
    const body = JSON.parse(text) as { title?: string; description?: string };
    if (body.title) detail = body.description ? `${body.title}: ${body.description}` : body.title;
  } catch {
    // not a TAXII error body: keep the start of the text
  }
  const hint = status === 401 || status === 403 ? `; ${credentialHint ?? t("errors:taxii.hintCredentials")}` : "";
  return new TaxiiError(
    "TAXII_REMOTE",
    fromCatalog("errors:taxii.remoteAnswered", { method, url, status, detail, hint }),
    {
      headers: { status: String(status) },
    },
  );
}

/** The URL of a collection under an API root URL. */
export function collectionUrl(apiRoot: string, collectionId: string): string {
  const root = apiRoot.endsWith("/") ? apiRoot : `${apiRoot}/`;
  return `${root}collections/${encodeURIComponent(collectionId)}/`;
}
