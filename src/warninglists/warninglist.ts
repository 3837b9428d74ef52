import { WarninglistError } from "./errors.js";

/**
 * The MISP warninglist format (github.com/MISP/misp-warninglists, `lists/<name>/list.json`):
 *   { name, version, description, type, matching_attributes: [...], list: [...] }
 * `type` says how an entry matches a value:
 *   string    — the value equals the entry (case-insensitive)
 *   hostname  — the value is the entry or a subdomain of it, at a label boundary
 *   substring — the value contains the entry (case-insensitive)
 *   regex     — the value matches the entry, written as /pattern/flags
 *   cidr      — the value is an IP address inside the entry's network (a bare address is a /32 or /128)
 * `matching_attributes` are MISP attribute types (ip-dst, domain, url, md5…): a list only
 * applies to values of those types.
 */

/** How a list's entries match. */
export type WarninglistType = "string" | "hostname" | "substring" | "regex" | "cidr";

/** The five list types. */
export const WARNINGLIST_TYPES: readonly WarninglistType[] = ["string", "hostname", "substring", "regex", "cidr"];

/** One warninglist as read from its list.json. */
export interface Warninglist {
  name: string;
  version: number;
  description: string;
  type: WarninglistType;
  matchingAttributes: string[];
  list: string[];
  /** Where it was read from (a path), for messages. */
  source: string;
}

/** Parses the text of one list.json; throws WarninglistError naming `source` when it is not a warninglist. */
export function parseWarninglist(text: string, source: string): Warninglist {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WarninglistError(
      "WARNINGLIST_INVALID",
      `${source}: not JSON (${(error as Error).message}); a warninglist is one JSON object as in MISP's lists/<name>/list.json`,
      { cause: error },
    );
  }
  if (json === null || typeof json !== "object" || Array.isArray(json))
    throw new WarninglistError("WARNINGLIST_INVALID", `${source}: a warninglist is a JSON object, not ${typeOf(json)}`);
  const o = json as Record<string, unknown>;
  if (typeof o.name !== "string" || o.name === "")
    throw new WarninglistError("WARNINGLIST_INVALID", `${source}: "name" must be a non-empty string`);
  if (!Array.isArray(o.list))
    throw new WarninglistError("WARNINGLIST_INVALID", `${source}: "list" must be an array of strings`);
  const type = o.type ?? "string";
  if (typeof type !== "string" || !(WARNINGLIST_TYPES as readonly string[]).includes(type))
    throw new WarninglistError(
      "WARNINGLIST_UNKNOWN_TYPE",
      `${source}: "type" is ${JSON.stringify(type)}; it must be one of ${WARNINGLIST_TYPES.join(", ")}`,
    );
  const attributes = Array.isArray(o.matching_attributes)
    ? o.matching_attributes.filter((a): a is string => typeof a === "string")
    : [];
  return {
    name: o.name,
    version: typeof o.version === "number" ? o.version : 0,
    description: typeof o.description === "string" ? o.description : "",
    type: type as WarninglistType,
    matchingAttributes: attributes,
    // Numbers appear in some lists (ports, ASNs): kept as their text.
    list: o.list.filter((v) => typeof v === "string" || typeof v === "number").map((v) => String(v)),
    source,
  };
}

function typeOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v;
}
