/**
 * The MISP event format as MISP and PyMISP export it (`{"Event": {…}}` or the bare event), read
 * leniently: MISP writes numbers as strings and booleans as "0"/"1", PyMISP as JSON numbers and
 * booleans, and either may leave a list out.
 */

/** A tag on an event or attribute. */
export interface MispTag {
  name: string;
  colour?: string;
}

/** One cluster of a galaxy (a threat actor, a technique, a malware family…). */
export interface MispGalaxyCluster {
  uuid?: string;
  type?: string;
  value: string;
  description?: string;
  tag_name?: string;
  version?: string | number;
  meta?: Record<string, unknown>;
  related?: { "dest-uuid": string; type?: string }[];
}

/** A galaxy attached to an event or attribute, with its clusters. */
export interface MispGalaxy {
  type?: string;
  name?: string;
  GalaxyCluster?: MispGalaxyCluster[];
}

/** A sighting of an attribute. */
export interface MispSighting {
  uuid?: string;
  date_sighting?: string | number;
  type?: string | number;
  source?: string;
  Organisation?: { name?: string; uuid?: string };
}

/** An attribute: one value of one type. */
export interface MispAttribute {
  uuid?: string;
  type: string;
  category?: string;
  value: string;
  to_ids?: boolean | string | number;
  comment?: string;
  timestamp?: string | number;
  first_seen?: string | null;
  last_seen?: string | null;
  deleted?: boolean | string | number;
  object_relation?: string | null;
  data?: string;
  Tag?: MispTag[];
  Galaxy?: MispGalaxy[];
  Sighting?: MispSighting[];
}

/** A reference from one MISP object to another object or attribute. */
export interface MispObjectReference {
  referenced_uuid: string;
  relationship_type: string;
  comment?: string;
}

/** A MISP object: attributes that together describe one thing (a file, a connection…). */
export interface MispObject {
  uuid?: string;
  name: string;
  "meta-category"?: string;
  comment?: string;
  timestamp?: string | number;
  first_seen?: string | null;
  last_seen?: string | null;
  deleted?: boolean | string | number;
  Attribute?: MispAttribute[];
  ObjectReference?: MispObjectReference[];
}

/** An organisation as MISP names it. */
export interface MispOrg {
  name?: string;
  uuid?: string;
}

/** A MISP event. */
export interface MispEvent {
  uuid: string;
  info?: string;
  date?: string;
  timestamp?: string | number;
  publish_timestamp?: string | number;
  published?: boolean | string | number;
  analysis?: string | number;
  threat_level_id?: string | number;
  distribution?: string | number;
  Orgc?: MispOrg;
  Org?: MispOrg;
  Attribute?: MispAttribute[];
  Object?: MispObject[];
  Tag?: MispTag[];
  Galaxy?: MispGalaxy[];
}

/** MISP's true values: true, 1, "1", "true". */
export function mispBool(value: unknown): boolean {
  return value === true || value === 1 || value === "1" || value === "true";
}

/**
 * A MISP time as an RFC 3339 timestamp with milliseconds: Unix seconds (number or digits), an
 * ISO date-time or a plain date. Null when absent or unreadable.
 */
export function mispTime(value: unknown): string | null {
  if (value === null || value === undefined || value === "") return null;
  let ms: number;
  if (typeof value === "number") ms = value * 1000;
  else if (typeof value === "string" && /^\d+$/.test(value)) ms = Number(value) * 1000;
  else if (typeof value === "string") ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  else return null;
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return new Date(ms).toISOString();
}

/** A problem with the shape of an event, for the importer's message. */
export class MispFormatError extends Error {
  readonly code = "MISP_BAD_EVENT";
}

/**
 * The event in a parsed MISP JSON document (`{"Event": …}`, the bare event, or `{"response":
 * [{"Event": …}]}` as the REST search answers); throws MispFormatError saying what is missing.
 */
export function eventsOf(document: unknown): MispEvent[] {
  if (document === null || typeof document !== "object") throw new MispFormatError("a MISP event is a JSON object");
  const doc = document as Record<string, unknown>;
  if (Array.isArray(doc.response)) return doc.response.flatMap((r) => eventsOf(r));
  const event = (doc.Event ?? doc) as Record<string, unknown>;
  if (typeof event !== "object" || event === null || Array.isArray(event)) {
    throw new MispFormatError('"Event" is not a JSON object');
  }
  if (typeof event.uuid !== "string" || event.uuid.length === 0) {
    throw new MispFormatError('the event has no "uuid"; MISP events carry one, so this is not a MISP event export');
  }
  for (const list of ["Attribute", "Object", "Tag", "Galaxy"]) {
    if (event[list] !== undefined && event[list] !== null && !Array.isArray(event[list])) {
      throw new MispFormatError(`the event's "${list}" is not a list`);
    }
  }
  return [event as unknown as MispEvent];
}

/** True when a parsed JSON document looks like a MISP event (so `import` can tell it from STIX). */
export function looksLikeMispEvent(document: unknown): boolean {
  if (document === null || typeof document !== "object" || Array.isArray(document)) return false;
  const doc = document as Record<string, unknown>;
  if (doc.type === "bundle" || typeof doc.spec_version === "string") return false;
  if (doc.Event !== undefined && typeof doc.Event === "object") return true;
  if (Array.isArray(doc.response)) return doc.response.some((r) => looksLikeMispEvent(r));
  return (
    typeof doc.uuid === "string" && (Array.isArray(doc.Attribute) || Array.isArray(doc.Object)) && !("type" in doc)
  );
}
