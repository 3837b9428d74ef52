import type { StoredObject } from "../store/index.js";

/**
 * What the console's intelligence pages show of a stored STIX object, read from its raw text:
 * a title (name, value, pattern or id), its pattern, the external ids (ATT&CK, CVE) and the STIX
 * ids it references — so a list needs no second request per row.
 */

/** An object as a search result or a graph node. */
export interface IntelSummary {
  id: string;
  type: string;
  title: string;
  tlp: string | null;
  created: string | null;
  modified: string | null;
  dateAdded: string;
  pattern: string | null;
  externalIds: string[];
  revoked: boolean;
}

/** References left out of the graph: every object has them. */
const SKIPPED_REFS = new Set(["created_by_ref", "object_marking_refs"]);
/** Most references of one object the detail shows (a report may list thousands). */
export const MAX_REFERENCES = 200;

/** The parsed object of a stored version (an unparsable text as an empty object). */
export function parsed(object: StoredObject): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(object.raw);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** The summary of a stored version. */
export function summarize(object: StoredObject, o: Record<string, unknown> = parsed(object)): IntelSummary {
  const externalIds: string[] = [];
  if (Array.isArray(o.external_references)) {
    for (const ref of o.external_references) {
      const id = ref && typeof ref === "object" ? text((ref as Record<string, unknown>).external_id) : null;
      if (id) externalIds.push(id);
    }
  }
  const pattern = text(o.pattern);
  return {
    id: object.id,
    type: object.type,
    title: text(o.name) ?? text(o.value) ?? pattern ?? object.id,
    tlp: object.tlp,
    created: text(o.created),
    modified: text(o.modified),
    dateAdded: object.dateAdded,
    pattern,
    externalIds: externalIds.slice(0, 20),
    revoked: o.revoked === true,
  };
}

/** The STIX ids an object references, with the property naming each (`object_refs`, `target_ref`…). */
export function referencesOf(o: Record<string, unknown>): Array<{ property: string; id: string }> {
  const out: Array<{ property: string; id: string }> = [];
  for (const [key, value] of Object.entries(o)) {
    if (SKIPPED_REFS.has(key)) continue;
    if (key.endsWith("_ref") && typeof value === "string") out.push({ property: key, id: value });
    else if (key.endsWith("_refs") && Array.isArray(value)) {
      for (const id of value) if (typeof id === "string") out.push({ property: key, id });
    }
    if (out.length >= MAX_REFERENCES) break;
  }
  return out.slice(0, MAX_REFERENCES);
}

/** The JSON schema of an IntelSummary (responses are serialized from it). */
export const INTEL_SUMMARY = {
  type: "object",
  properties: {
    id: { type: "string" },
    type: { type: "string" },
    title: { type: "string" },
    tlp: { type: ["string", "null"] },
    created: { type: ["string", "null"] },
    modified: { type: ["string", "null"] },
    dateAdded: { type: "string" },
    pattern: { type: ["string", "null"] },
    externalIds: { type: "array", items: { type: "string" } },
    revoked: { type: "boolean" },
  },
  required: ["id", "type", "title", "tlp", "dateAdded"],
} as const;
