import type { FastifyRequest } from "fastify";
import type { Principal } from "../../access/index.js";
import { type Locale, localeFromAcceptLanguage } from "../../i18n/index.js";
import type { Store } from "../../store/index.js";
import { actorOf, type IncidentActor } from "../persist.js";

/**
 * What the incidents routes share about a request: the settings decorated on the plugin's scope,
 * the caller and its language. Apart from plugin.ts, which registers the routes, so that the
 * routes import this and not the plugin (that was an import cycle).
 */

/** What the routes share, decorated once on the plugin's scope. */
export interface IncidentsApi {
  store: Store;
  hub: string;
  now: () => number;
}

declare module "fastify" {
  interface FastifyInstance {
    incidentsApi: IncidentsApi;
  }
  interface FastifyRequest {
    /** The signed-in caller (the host's sign-in sets it). Declared alike by server/ and api/. */
    principal: Principal | null;
  }
}

/** The caller of a route as the incidents service takes it. */
export function callerActor(request: FastifyRequest): IncidentActor {
  // The host signs in every route not marked public before its handler runs.
  if (!request.principal) throw new Error("an incidents route ran without a signed-in caller");
  return actorOf(request.principal);
}

/** The language of a request (Accept-Language, or `?lang=` when the route has one). */
export function requestLocale(request: FastifyRequest): Locale {
  const lang = (request.query as { lang?: string } | undefined)?.lang;
  if (lang) return lang.startsWith("en") ? "en" : "es-MX";
  return localeFromAcceptLanguage(request.headers["accept-language"]);
}
