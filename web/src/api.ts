import i18next from "i18next";

/**
 * The console's only way to the server: fetch on the same origin, with the session cookie. A
 * failure becomes an ApiFailure with the server's code and message (which says what to do).
 */

/** A failed request: the HTTP status and the server's `{ code, message }`. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The window event the console raises when the server says its session has ended. */
export const SESSION_ENDED_EVENT = "centinela:session-ended";

/** Calls the API; `body` is sent as JSON unless it is a string or a File (sent as it is). */
export async function api<T>(
  path: string,
  options: { method?: string; body?: unknown; contentType?: string; signal?: AbortSignal } = {},
): Promise<T> {
  // The server's messages in the language the console shows.
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": i18next.language === "en" ? "en" : "es-MX",
  };
  let body: BodyInit | undefined;
  if (options.body instanceof Blob || typeof options.body === "string") {
    body = options.body;
    headers["content-type"] = options.contentType ?? "application/octet-stream";
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  const response = await fetch(path, {
    method: options.method ?? "GET",
    headers,
    body,
    credentials: "same-origin",
    signal: options.signal,
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const e = (data ?? {}) as { code?: string; message?: string };
    // Any 401 but the sign-in form's own: the session expired or was ended elsewhere (another
    // tab signed out, the password changed). Back to the sign-in page, which says why.
    if (response.status === 401 && !path.startsWith("/api/v1/session"))
      window.dispatchEvent(new Event(SESSION_ENDED_EVENT));
    throw new ApiFailure(response.status, e.code ?? `HTTP_${response.status}`, e.message ?? response.statusText);
  }
  return data as T;
}

/** The query string of the defined entries. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
