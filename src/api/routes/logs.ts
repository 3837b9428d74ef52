import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import {
  type Alert,
  alertRecord,
  Engine,
  type FieldMapping,
  insertAlerts,
  type LogFormat,
  loadIndex,
  orgVisibility,
  parseFieldMapping,
  recordSightings,
  type StoreIndex,
  scanInput,
  sightingOrg,
} from "../../detect/index.js";
import type { Store } from "../../store/index.js";
import { storedWarninglistMatcher } from "../../warninglists/index.js";
import { adminError } from "../admin/input.js";
import { callerOf } from "../context.js";
import { ERROR_SCHEMA } from "../schemas.js";
import { localizeErrors, visibleOrg } from "./alert-input.js";

/**
 * POST /api/v1/logs — log lines from a small sender (a script on a sensor, a SIEM forwarder):
 * Zeek JSON (or TSV), Suricata EVE, or other JSON lines through `?mapping=`, run through the same
 * engine as `centinela scan` against the store's current indicators, each event at its own
 * time. Matches are kept as the organization's alerts and become its sightings, both idempotent
 * by event identity (posting the same lines twice adds nothing). A bad line is counted with its
 * line number and the rest are read. The answer is the summary.
 *
 * The organization is the caller's, or `?org=` for an admin (the national CSIRT); the rulebook
 * decides (detect.run: the organization's analysts and admins). The index is built once per
 * server and brought up to date with the indicators added since, before each request.
 */

/** Largest body accepted: 16 MiB (about 40,000 Zeek lines); larger logs go through `centinela scan` or `ship`. */
export const LOGS_BODY_LIMIT = 16 * 1024 * 1024;

/** Longest line read; a longer one is a bad line. */
const MAX_LINE_BYTES = 1 << 20;

/** Bad lines listed in the answer (all are counted). */
const BAD_SHOWN = 100;

const FORMATS: Record<string, LogFormat> = { zeek: "zeek-json", eve: "eve", mapped: "mapped" };

const QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    org: {
      type: "string",
      minLength: 1,
      maxLength: 200,
      description: "the organization whose traffic this is (id or name); default: the caller's",
    },
    name: {
      type: "string",
      minLength: 1,
      maxLength: 300,
      description:
        "the log file's name, kept on each alert; a Zeek JSON log without _path takes its kind from it (dns.log)",
    },
    format: {
      enum: Object.keys(FORMATS),
      description: "zeek, eve or mapped; default: told from the first line (Zeek TSV too)",
    },
    mapping: {
      type: "string",
      maxLength: 8000,
      description:
        'a field mapping for other JSON lines, as JSON: {"log": "proxy", "time": "ts", "fields": {"client.ip": "ip-src"}}',
    },
  },
} as const;

const SUMMARY = {
  type: "object",
  properties: {
    org: { type: "string" },
    format: { type: ["string", "null"] },
    bytes: { type: "integer" },
    events: { type: "integer" },
    alerts: { type: "integer", description: "matching events (one per event and indicator)" },
    indicators: { type: "integer", description: "indicators in the index the lines were matched against" },
    suppressed: { type: "integer" },
    outsideValidity: { type: "integer", description: "hits of indicators not valid at the event's time" },
    stored: {
      type: "object",
      properties: { added: { type: "integer" }, pruned: { type: "integer" } },
      description: "alerts not recorded before, and the organization's oldest deleted past the bound",
    },
    sightings: {
      type: "object",
      properties: { events: { type: "integer" }, newEvents: { type: "integer" }, written: { type: "integer" } },
    },
    badLines: { type: "integer" },
    firstBadLines: {
      type: "array",
      items: { type: "object", properties: { line: { type: "integer" }, reason: { type: "string" } } },
    },
    top: {
      type: "array",
      items: {
        type: "object",
        properties: { indicatorId: { type: "string" }, value: { type: "string" }, count: { type: "integer" } },
      },
    },
  },
} as const;

/** The media types a body of log lines may be sent as. */
const LINE_TYPES = [
  "application/x-ndjson",
  "application/jsonl",
  "application/json-seq",
  "text/plain",
  "application/octet-stream",
];

/** Registers POST /logs. */
export async function registerLogRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  localizeErrors(app, { querystring: Object.keys(QUERY.properties) });
  const indexes = sharedIndex(store);
  // This scope only: the body is lines of text, whatever they claim to be (one JSON line is JSON too).
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser(["application/json", ...LINE_TYPES], { parseAs: "buffer" }, (_request, body, done) =>
    done(null, body),
  );

  app.post<{ Querystring: { org?: string; name?: string; format?: string; mapping?: string } }>(
    "/logs",
    {
      bodyLimit: LOGS_BODY_LIMIT,
      schema: {
        summary: "Match log lines (Zeek, Suricata EVE, mapped JSON) against the indicators; keep alerts and sightings",
        description: `JSON lines as the body, at most ${LOGS_BODY_LIMIT} bytes (413 past it). Bad lines are counted with their line numbers and the rest read.`,
        querystring: QUERY,
        response: { 200: SUMMARY, 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const q = request.query;
      const org = await visibleOrg(
        store,
        caller,
        q.org ?? caller.user.orgId,
        "detect.run",
        "detect:api.forbiddenSubmit",
      );
      const mapping = q.mapping === undefined ? null : mappingOf(q.mapping);
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const text = body.toString("utf8");
      if (text.trim() === "") throw adminError("API_BAD_REQUEST", "detect:api.emptyBody");
      const format =
        (q.format === undefined ? undefined : FORMATS[q.format]) ?? (mapping ? "mapped" : guessFormat(text));
      if (format === null) throw adminError("API_BAD_REQUEST", "detect:api.unreadable");
      const name = q.name ?? "POST /api/v1/logs";
      const loaded = await indexes.current();
      const alerts: Alert[] = [];
      // What warninglists feeds stored suppresses here too (recompiled only when a feed changed them).
      const warninglists = await storedWarninglistMatcher(store.directory);
      const engine = new Engine({ index: loaded.index, warninglists, onAlert: (a) => alerts.push(a) });
      const result = await scanInput(
        name,
        { stream: Readable.from([body]), bytesRead: () => body.length, size: body.length },
        engine,
        { mapping, format, maxLineBytes: MAX_LINE_BYTES, source: "api" },
      );
      // Only the alerts on indicators the organization may read are its own: the answer, its
      // alerts and its sightings never name another organization's unshared indicator.
      const { kept } = await orgVisibility(store, org.id).filter(alerts);
      const stored = await insertAlerts(
        store,
        org.id,
        kept.map((a) => alertRecord(a)),
      );
      const written =
        kept.length > 0
          ? await recordSightings(store, await sightingOrg(store, org.id), kept)
          : { events: 0, newEvents: 0, sightings: 0 };
      const top = new Map<string, { value: string; count: number }>();
      for (const a of kept) {
        const per = top.get(a.indicator_id);
        if (per === undefined) top.set(a.indicator_id, { value: a.value, count: 1 });
        else per.count++;
      }
      const c = engine.counts;
      return {
        org: org.id,
        format: result.format,
        bytes: body.length,
        events: c.events,
        alerts: kept.length,
        indicators: loaded.index.stats().indicators,
        suppressed: c.suppressed,
        outsideValidity: c.outsideValidity,
        stored,
        sightings: { events: written.events, newEvents: written.newEvents, written: written.sightings },
        badLines: c.badLines,
        firstBadLines: c.badSamples.slice(0, BAD_SHOWN).map((b) => ({ line: b.line, reason: b.reason })),
        top: [...top.entries()]
          .map(([indicatorId, v]) => ({ indicatorId, value: v.value, count: v.count }))
          .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
          .slice(0, 10),
      };
    },
  );
}

/** A `?mapping=` value as a field mapping, or the 400 saying what is wrong with it. */
function mappingOf(value: string): FieldMapping {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch (error) {
    throw adminError("API_BAD_REQUEST", "detect:api.badMapping", { reason: (error as Error).message });
  }
  try {
    return parseFieldMapping(json, "mapping");
  } catch (error) {
    throw adminError("API_BAD_REQUEST", "detect:api.badMapping", { reason: (error as Error).message });
  }
}

/**
 * The format from the first line that looks like a log (a `#` header or a JSON object): lines
 * before it are then bad lines of that format, not the end of the body. Null when none does.
 */
function guessFormat(text: string): LogFormat | null {
  for (let s = 0; s < text.length; ) {
    let e = text.indexOf("\n", s);
    if (e < 0) e = text.length;
    const line = text
      .slice(s, e)
      .replace(/^\uFEFF/, "")
      .trim();
    if (line.startsWith("#")) return "zeek-tsv";
    if (line.startsWith("{")) return line.includes('"event_type":') ? "eve" : "zeek-json";
    s = e + 1;
  }
  return null;
}

/**
 * The server's one index over the store: built at the first request, then brought up to date
 * (the versions added since, revoked ones freed) before each — one load or reload at a time.
 */
function sharedIndex(store: Store): { current(): Promise<StoreIndex> } {
  let loaded: Promise<StoreIndex> | null = null;
  let chain: Promise<unknown> = Promise.resolve();
  return {
    current() {
      if (loaded === null) {
        loaded = loadIndex(store);
        // A failed first load is tried again by the next request.
        loaded.catch(() => {
          loaded = null;
        });
        return loaded;
      }
      const index = loaded;
      const next = chain.then(async () => {
        const i = await index;
        await i.reload();
        return i;
      });
      chain = next.catch(() => {});
      return next;
    },
  };
}
