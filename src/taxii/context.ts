import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal } from "../access/index.js";
import type { Store } from "../store/index.js";
import type { GrantLookup } from "./grants.js";
import { TAXII_MEDIA_TYPE } from "./media-type.js";
import type { CursorSeal } from "./query.js";

/**
 * What the TAXII routes share: the paths, the settings decorated on their scope, and the
 * request's principal (set by the host's sign-in).
 */

/** Path of the discovery resource. */
export const DISCOVERY_PATH = "/taxii2/";
/** Path of the one API root. */
export const API_ROOT_PATH = "/taxii2/main/";

/** What routes share: decorated once on the TAXII scope. */
export interface TaxiiSettings {
  store: Store;
  access: GrantLookup;
  seal: CursorSeal;
  bodyLimit: number;
  defaultLimit: number;
  maxLimit: number;
  title: string;
}

declare module "fastify" {
  interface FastifyInstance {
    taxii: TaxiiSettings;
  }
  interface FastifyRequest {
    /** The signed-in caller (the host's sign-in sets it; null on public routes). Declared alike by server/. */
    principal: Principal | null;
    /** The body exactly as received (POST envelopes), for byte-exact storage. */
    rawBody: string | null;
  }
  interface FastifyContextConfig {
    /** A route any caller may use without signing in. Declared alike by server/. */
    public?: boolean;
  }
}

/** The principal of an authenticated request (every TAXII route but discovery). */
export function principalOf(request: FastifyRequest): Principal {
  // The host signs in every route not marked public before its handler runs.
  if (!request.principal) throw new Error("a TAXII route ran without a signed-in caller; mark it public or sign in");
  return request.principal;
}

/** Sends a body already rendered as TAXII JSON text. */
export function sendText(reply: FastifyReply, status: number, text: string, headers: Record<string, string> = {}) {
  return reply
    .code(status)
    .headers(headers)
    .type(TAXII_MEDIA_TYPE)
    .serializer((p: unknown) => p as string)
    .send(text);
}
