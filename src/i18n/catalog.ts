import type { Locale } from "./locale.js";
import enAdmin from "./locales/en/admin.json" with { type: "json" };
import enCli from "./locales/en/cli.json" with { type: "json" };
import enCommandLine from "./locales/en/command-line.json" with { type: "json" };
import enCommon from "./locales/en/common.json" with { type: "json" };
import enDetect from "./locales/en/detect.json" with { type: "json" };
import enErrors from "./locales/en/errors.json" with { type: "json" };
import enExposure from "./locales/en/exposure.json" with { type: "json" };
import enFeeds from "./locales/en/feeds.json" with { type: "json" };
import enHelp from "./locales/en/help.json" with { type: "json" };
import enIncidents from "./locales/en/incidents.json" with { type: "json" };
import enLists from "./locales/en/lists.json" with { type: "json" };
import enPattern from "./locales/en/pattern.json" with { type: "json" };
import enRemoval from "./locales/en/removal.json" with { type: "json" };
import enServer from "./locales/en/server.json" with { type: "json" };
import enSharing from "./locales/en/sharing.json" with { type: "json" };
import enSources from "./locales/en/sources.json" with { type: "json" };
import enStix from "./locales/en/stix.json" with { type: "json" };
import enTls from "./locales/en/tls.json" with { type: "json" };
import esAdmin from "./locales/es-MX/admin.json" with { type: "json" };
import esCli from "./locales/es-MX/cli.json" with { type: "json" };
import esCommandLine from "./locales/es-MX/command-line.json" with { type: "json" };
import esCommon from "./locales/es-MX/common.json" with { type: "json" };
import esDetect from "./locales/es-MX/detect.json" with { type: "json" };
import esErrors from "./locales/es-MX/errors.json" with { type: "json" };
import esExposure from "./locales/es-MX/exposure.json" with { type: "json" };
import esFeeds from "./locales/es-MX/feeds.json" with { type: "json" };
import esHelp from "./locales/es-MX/help.json" with { type: "json" };
import esIncidents from "./locales/es-MX/incidents.json" with { type: "json" };
import esLists from "./locales/es-MX/lists.json" with { type: "json" };
import esPattern from "./locales/es-MX/pattern.json" with { type: "json" };
import esRemoval from "./locales/es-MX/removal.json" with { type: "json" };
import esServer from "./locales/es-MX/server.json" with { type: "json" };
import esSharing from "./locales/es-MX/sharing.json" with { type: "json" };
import esSources from "./locales/es-MX/sources.json" with { type: "json" };
import esStix from "./locales/es-MX/stix.json" with { type: "json" };
import esTls from "./locales/es-MX/tls.json" with { type: "json" };

/**
 * The message catalogs: i18next JSON (v4 format), one file per namespace and language under
 * `locales/<lang>/<namespace>.json`, the layout the web console loads too. Values interpolate
 * `{{name}}` and format with `{{n, number}}` / `{{d, datetime}}`; counted messages are
 * `key_one` / `key_other`. To add a namespace: a file in each language, two imports and one
 * line in each object below. The Spanish catalog is the reference the message types come from.
 */
export const CATALOGS = {
  "es-MX": {
    common: esCommon,
    cli: esCli,
    incidents: esIncidents,
    sources: esSources,
    lists: esLists,
    sharing: esSharing,
    detect: esDetect,
    commandLine: esCommandLine,
    admin: esAdmin,
    stix: esStix,
    pattern: esPattern,
    exposure: esExposure,
    server: esServer,
    tls: esTls,
    feeds: esFeeds,
    help: esHelp,
    errors: esErrors,
    removal: esRemoval,
  },
  en: {
    common: enCommon,
    cli: enCli,
    incidents: enIncidents,
    sources: enSources,
    lists: enLists,
    sharing: enSharing,
    detect: enDetect,
    commandLine: enCommandLine,
    admin: enAdmin,
    stix: enStix,
    pattern: enPattern,
    exposure: enExposure,
    server: enServer,
    tls: enTls,
    feeds: enFeeds,
    help: enHelp,
    errors: enErrors,
    removal: enRemoval,
  },
} satisfies Record<Locale, Record<string, Tree>>;

/** A catalog as JSON: nested objects ending in strings. */
export interface Tree {
  [key: string]: string | Tree;
}

type Reference = (typeof CATALOGS)["es-MX"];

/** One namespace of the catalogs ("cli", "common"…). */
export type Namespace = keyof Reference;

type PluralSuffix = "_zero" | "_one" | "_two" | "_few" | "_many" | "_other";
type Base<K extends string> = K extends `${infer B}${PluralSuffix}` ? B : K;

type Paths<T> = {
  [K in keyof T & string]: T[K] extends string ? Base<K> : `${K}.${Paths<T[K]>}`;
}[keyof T & string];

/** A message key: "namespace:path.to.message" (plural suffixes left off). Misspelt keys do not compile. */
export type MessageKey = { [N in Namespace]: `${N}:${Paths<Reference[N]>}` }[Namespace];
