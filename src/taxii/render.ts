import type { RawObject, StatusRecord, StoredObject } from "../store/index.js";
import { STIX_MEDIA_TYPE } from "./media-type.js";

/**
 * Response bodies built as text: an envelope is the stored raw JSON of each object joined into
 * the TAXII shape, so what goes out is byte for byte what came in and no object is parsed or
 * re-serialized on the read path.
 */

/** The X-TAXII-Date-Added-First/Last headers of a page (none for an empty page). */
export function dateAddedHeaders(objects: readonly Pick<RawObject, "dateAdded">[]): Record<string, string> {
  const first = objects[0];
  const last = objects[objects.length - 1];
  if (!first || !last) return {};
  return { "X-TAXII-Date-Added-First": first.dateAdded, "X-TAXII-Date-Added-Last": last.dateAdded };
}

function head(more: boolean, next: string | null): string {
  return next !== null ? `{"more":${more},"next":${JSON.stringify(next)}` : `{"more":${more}`;
}

/** An envelope of objects: `{"more":…,"next":…,"objects":[raw,…]}` (no `objects` when empty). */
export function renderEnvelope(objects: readonly RawObject[], more: boolean, next: string | null): string {
  if (objects.length === 0) return `${head(more, next)}}`;
  let body = `${head(more, next)},"objects":[`;
  for (let i = 0; i < objects.length; i++) {
    if (i > 0) body += ",";
    body += (objects[i] as RawObject).raw;
  }
  return `${body}]}`;
}

/** The version of a stored object as TAXII lists it: its modified/created, else (SCOs) its date added. */
export function versionOf(object: StoredObject): string {
  return object.versionKey === "" ? object.dateAdded : object.versionKey;
}

/**
 * A manifest resource, serialized by the route's response schema. (Concatenating it as text with
 * JSON.stringify per string measured 57 µs per page of 100 against 27 µs for the schema
 * serializer, so manifests stay objects.)
 */
export function renderManifest(objects: readonly StoredObject[], more: boolean, next: string | null): object {
  const body: Record<string, unknown> = { more };
  if (next !== null) body.next = next;
  if (objects.length > 0) {
    body.objects = objects.map((o) => ({
      id: o.id,
      date_added: o.dateAdded,
      version: versionOf(o),
      media_type: o.specVersion === "2.1" ? STIX_MEDIA_TYPE : `application/stix+json;version=${o.specVersion}`,
    }));
  }
  return body;
}

/** A versions resource. */
export function renderVersions(objects: readonly StoredObject[], more: boolean, next: string | null): object {
  const body: Record<string, unknown> = { more };
  if (next !== null) body.next = next;
  if (objects.length > 0) body.versions = objects.map(versionOf);
  return body;
}

/** A status resource as TAXII 2.1 defines it (empty lists left out). */
export function renderStatus(status: StatusRecord): object {
  const body: Record<string, unknown> = {
    id: status.id,
    status: status.status,
    request_timestamp: status.requestTimestamp,
    total_count: status.totalCount,
    success_count: status.successes.length,
    failure_count: status.failures.length,
    pending_count: status.pendings.length,
  };
  if (status.successes.length > 0) body.successes = status.successes;
  if (status.failures.length > 0) body.failures = status.failures;
  if (status.pendings.length > 0) body.pendings = status.pendings;
  return body;
}
