import type { FastifyReply, FastifyRequest } from "fastify";
import type { Store } from "../store/index.js";
import type { Authenticator, Principal } from "./auth.js";
import { TaxiiError } from "./errors.js";
import { TAXII_MEDIA_TYPE } from "./media-type.js";
import type { CursorSeal } from "./query.js";

/**
 * What the server's routes share: the paths, the settings decorated on the instance, and the
 * request's principal.
 */

/** Path of the discovery resource. */
export const DISCOVERY_PATH = "/taxii2/";
/** Path of the one API root. */
export const API_ROOT_PATH = "/taxii2/main/";

/** What routes share: decorated once on the instance. */
export interface TaxiiSettings {
  store: Store;
  auth: Authenticator;
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
    principal: Principal | null;
    /** The body exactly as received (POST envelopes), for byte-exact storage. */
    rawBody: string | null;
  }
}

/** The principal of an authenticated request (routes behind `authenticate` only). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new TaxiiError("TAXII_UNAUTHORIZED", "this resource needs credentials");
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
