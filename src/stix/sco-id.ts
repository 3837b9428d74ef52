import { STIX_SCO_NAMESPACE, uuidV5 } from "./identifier.js";

/**
 * Deterministic SCO identifiers (STIX 2.1 §2.9): the UUID part is a UUIDv5 in the STIX
 * namespace over a JSON object holding the type's "ID Contributing Properties" that are
 * present, serialized canonically with RFC 8785 (JCS). When none of them is present the spec
 * falls back to UUIDv4, so there is nothing to compute.
 */

/** The ID Contributing Properties of every SCO type, as listed with each type in STIX 2.1 §6. */
export const SCO_ID_CONTRIBUTING: Readonly<Record<string, readonly string[]>> = {
  artifact: ["hashes", "payload_bin"],
  "autonomous-system": ["number"],
  directory: ["path"],
  "domain-name": ["value"],
  "email-addr": ["value"],
  "email-message": ["from_ref", "subject", "body"],
  file: ["hashes", "name", "extensions", "parent_directory_ref"],
  "ipv4-addr": ["value"],
  "ipv6-addr": ["value"],
  "mac-addr": ["value"],
  mutex: ["name"],
  "network-traffic": ["start", "end", "src_ref", "dst_ref", "src_port", "dst_port", "protocols", "extensions"],
  process: [],
  software: ["name", "cpe", "swid", "vendor", "version"],
  url: ["value"],
  "user-account": ["account_type", "user_id", "account_login"],
  "windows-registry-key": ["key", "values"],
  "x509-certificate": ["hashes", "serial_number"],
};

// §2.9: when `hashes` contributes, only one hash is used, the first present in this order.
const PREFERRED_HASHES = ["MD5", "SHA-1", "SHA-256", "SHA-512"] as const;

/**
 * RFC 8785 (JCS) serialization: object keys sorted by UTF-16 code units, no whitespace,
 * numbers and strings as ECMAScript's JSON.stringify writes them (which is what JCS specifies).
 * Throws on values JSON cannot hold (undefined, functions, non-finite numbers).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
    case "boolean":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, exactly the order RFC 8785 §3.2.3 requires.
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}

/** The one hash §2.9 says to use: MD5, else SHA-1, SHA-256, SHA-512, else the smallest key. */
function chooseOneHash(hashes: Record<string, unknown>): Record<string, unknown> | null {
  for (const name of PREFERRED_HASHES) {
    if (hashes[name] !== undefined) return { [name]: hashes[name] };
  }
  // The spec leaves the choice among other algorithms open; the smallest key is deterministic.
  let first: string | null = null;
  for (const key of Object.keys(hashes)) if (first === null || key < first) first = key;
  return first === null ? null : { [first]: hashes[first] };
}

/**
 * The deterministic id (`type--uuidv5`) of an SCO, or null when its type has no ID
 * Contributing Properties or none of them is present (the spec then calls for UUIDv4).
 */
export function computeScoId(obj: Record<string, unknown>): string | null {
  const type = obj.type;
  if (typeof type !== "string") return null;
  const props = SCO_ID_CONTRIBUTING[type];
  if (props === undefined || props.length === 0) return null;
  const contributing: Record<string, unknown> = {};
  let count = 0;
  for (const name of props) {
    let value = obj[name];
    if (value === undefined || value === null) continue;
    if (name === "hashes" && typeof value === "object" && !Array.isArray(value)) {
      value = chooseOneHash(value as Record<string, unknown>);
      if (value === null) continue;
    }
    contributing[name] = value;
    count++;
  }
  if (count === 0) return null;
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(contributing))}`;
}
