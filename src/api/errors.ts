import { AssetsError } from "../assets/index.js";
import { StoreError } from "../store/index.js";
import { TaxiiError } from "../taxii/index.js";

/**
 * Errors of the REST API. Every failure reaches the client as `{ code, message }` with the
 * status of its code; store, assets and authentication errors are mapped here, in one place.
 */

/** API error codes with the HTTP status of each. */
export const API_CODES = {
  API_BAD_REQUEST: 400,
  API_UNAUTHORIZED: 401,
  API_FORBIDDEN: 403,
  API_NOT_FOUND: 404,
  API_NOT_ACCEPTABLE: 406,
  API_CONFLICT: 409,
  API_TOO_LARGE: 413,
  API_UNAVAILABLE: 503,
  API_INTERNAL: 500,
} as const;

/** One API error code. */
export type ApiCode = keyof typeof API_CODES;

/** The body of every error response. */
export interface ApiErrorBody {
  code: ApiCode;
  message: string;
}

/** An error the API answers with: a code, its status, a message saying what to do, extra headers. */
export class ApiError extends Error {
  readonly code: ApiCode;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: ApiCode, message: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(message, options);
    this.name = "ApiError";
    this.code = code;
    this.status = API_CODES[code];
    this.headers = options?.headers ?? {};
  }
}

/** Maps any failure to an ApiError (unknown failures: API_INTERNAL, details only in the log). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof TaxiiError) {
    const code =
      error.status === 401
        ? "API_UNAUTHORIZED"
        : error.status === 403
          ? "API_FORBIDDEN"
          : error.status === 406
            ? "API_NOT_ACCEPTABLE"
            : "API_BAD_REQUEST";
    return new ApiError(code, error.message, { cause: error, headers: error.headers });
  }
  if (error instanceof StoreError) {
    const code =
      error.code === "STORE_NOT_FOUND"
        ? "API_NOT_FOUND"
        : error.code === "STORE_DUPLICATE"
          ? "API_CONFLICT"
          : error.code === "STORE_UNAVAILABLE"
            ? "API_UNAVAILABLE"
            : "API_BAD_REQUEST";
    return new ApiError(code, error.message, { cause: error });
  }
  if (error instanceof AssetsError) return new ApiError("API_BAD_REQUEST", error.message, { cause: error });
  const fe = error as { validation?: unknown; statusCode?: number; message?: string; code?: string };
  if (fe.validation) return new ApiError("API_BAD_REQUEST", `invalid request: ${fe.message}`, { cause: error });
  if (fe.statusCode === 413) return new ApiError("API_TOO_LARGE", "the request body is too large", { cause: error });
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new ApiError("API_BAD_REQUEST", String(fe.message), { cause: error });
  }
  return new ApiError("API_INTERNAL", "the server failed on this request; it is logged, try again later", {
    cause: error,
  });
}
