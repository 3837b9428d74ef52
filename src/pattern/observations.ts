import { makeIssue, PatternError } from "./errors.js";
import { parseTimestamp } from "./values.js";

/**
 * Observed-data prepared for matching, built once per batch of input. Accepts the STIX 2.1 form
 * (observed-data with object_refs, the SCOs supplied beside it) and the deprecated 2.0 form (an
 * `objects` dictionary inside the observed-data). An observed-data with number_observed N counts
 * as N observations, each spanning first_observed..last_observed, as the reference matcher does.
 */

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** A root candidate: an SCO in an observation and the key it is known by (id or objects key). */
export interface RootObject {
  key: string;
  object: JsonObject;
}

/** One observed-data, ready for matching. */
export interface PreparedObservation {
  /** The observed-data id ("" when it has none). */
  id: string;
  /** first_observed / last_observed in milliseconds since the epoch. */
  first: number;
  last: number;
  /** number_observed. */
  count: number;
  /** Root objects by SCO type. */
  byType: Map<string, RootObject[]>;
  /** Resolves a reference (an SCO id, or an `objects` key in the 2.0 form). */
  resolve: Map<string, JsonObject>;
}

/** Observations plus everything matching needs. */
export interface ObservationSet {
  observations: PreparedObservation[];
}

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

function bad(message: string): never {
  throw new PatternError(makeIssue("", "PATTERN_BAD_OBSERVED_DATA", 0, message));
}

/**
 * Prepares observed-data for matching. `objects` holds the observed-data and any SCOs they
 * reference (other objects are ignored). Throws PatternError PATTERN_BAD_OBSERVED_DATA on input
 * that cannot be matched (no timestamps, number_observed below 1, references to nothing).
 */
export function prepareObservations(objects: readonly unknown[]): ObservationSet {
  const scos = new Map<string, JsonObject>();
  for (const o of objects) {
    if (isObject(o) && typeof o.id === "string" && o.type !== "observed-data") scos.set(o.id, o);
  }
  const observations: PreparedObservation[] = [];
  for (const o of objects) {
    if (!isObject(o) || o.type !== "observed-data") continue;
    const id = typeof o.id === "string" ? o.id : "";
    const where = id || `observed-data #${observations.length}`;
    const first = typeof o.first_observed === "string" ? parseTimestamp(o.first_observed) : null;
    const last = typeof o.last_observed === "string" ? parseTimestamp(o.last_observed) : null;
    if (first === null || last === null)
      bad(`${where}: first_observed and last_observed must be RFC 3339 UTC timestamps`);
    if (first.key > last.key) bad(`${where}: last_observed is before first_observed`);
    const count = o.number_observed ?? 1;
    if (typeof count !== "number" || !Number.isInteger(count) || count < 1) {
      bad(`${where}: number_observed must be a whole number of at least 1`);
    }
    const byType = new Map<string, RootObject[]>();
    const add = (key: string, object: JsonObject) => {
      if (typeof object.type !== "string") return;
      const list = byType.get(object.type);
      if (list === undefined) byType.set(object.type, [{ key, object }]);
      else list.push({ key, object });
    };
    let resolve: Map<string, JsonObject>;
    if (Array.isArray(o.object_refs)) {
      resolve = scos;
      for (const ref of o.object_refs) {
        if (typeof ref !== "string") bad(`${where}: object_refs holds a non-string`);
        const sco = scos.get(ref);
        if (sco !== undefined) add(ref, sco);
      }
    } else if (isObject(o.objects)) {
      resolve = new Map();
      for (const [key, sco] of Object.entries(o.objects)) {
        if (!isObject(sco)) bad(`${where}: objects.${key} is not an object`);
        resolve.set(key, sco);
        add(key, sco);
      }
    } else {
      bad(`${where}: has neither object_refs (STIX 2.1) nor objects (deprecated form)`);
    }
    observations.push({ id, first: first.ms, last: last.ms, count, byType, resolve });
  }
  return { observations };
}
