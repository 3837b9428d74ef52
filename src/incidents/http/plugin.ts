import type { FastifyInstance } from "fastify";
import type { Locale } from "../../i18n/index.js";
import type { Store } from "../../store/index.js";
import { IncidentError } from "../errors.js";
import { registerActivityRoutes } from "./activity-routes.js";
import { registerIncidentRoutes } from "./incident-routes.js";
import { registerNationalRoute } from "./national-route.js";
import { requestLocale } from "./request.js";
import { registerSettingsRoutes } from "./settings-routes.js";

/**
 * The incidents REST routes as a plugin of the HTTP host (src/server), beside TAXII and the
 * exposure API: /api/v1/incidents (list, report, show, change, comments, attachments,
 * submissions to the national hub, STIX bundle, printable stage reports) and /api/v1/national.
 * The host signs every request in; access's rulebook decides who may change what (in the
 * service), and the store's TLP filter decides which incidents exist for the caller. Errors of
 * this module are answered in the caller's language (Accept-Language; Spanish by default).
 */

/** Options of the plugin. */
export interface IncidentsPluginOptions {
  store: Store;
  /** The hub collection the national CSIRT reads (default "csirt-nacional"). */
  hub?: string;
  /** The clock, for tests (default Date.now). */
  now?: () => number;
}

/**
 * The error as a REST caller reads it: in its language, and naming the JSON field ("awareAt")
 * where the message names the command-line flag ("--aware-at").
 */
function forRequest(error: IncidentError, locale: Locale): IncidentError {
  const field = error.params.field;
  if (typeof field !== "string" || !field.startsWith("--")) {
    error.message = error.messageIn(locale);
    return error;
  }
  const json = field.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
  const again = new IncidentError(error.code, { ...error.params, field: json }, { cause: error.cause });
  again.message = again.messageIn(locale);
  return again;
}

/** The plugin as the host mounts it: `createServer({ plugins: [..., incidentsPlugin({ store })] })`. */
export function incidentsPlugin(options: IncidentsPluginOptions) {
  return {
    name: "incidents",
    prefix: "/api/v1",
    async register(app: FastifyInstance): Promise<void> {
      await app.register(
        async (scope) => {
          scope.decorate("incidentsApi", {
            store: options.store,
            hub: options.hub ?? "csirt-nacional",
            now: options.now ?? Date.now,
          });
          // This module's messages in the caller's language; the host's handler then writes the answer.
          scope.setErrorHandler((error, request) => {
            throw error instanceof IncidentError ? forRequest(error, requestLocale(request)) : error;
          });
          await scope.register(registerIncidentRoutes, { prefix: "/incidents" });
          await scope.register(registerActivityRoutes, { prefix: "/incidents" });
          await scope.register(registerSettingsRoutes, { prefix: "/incidents" });
          await scope.register(registerNationalRoute, { prefix: "/national" });
        },
        { prefix: "/api/v1" },
      );
    },
  };
}
