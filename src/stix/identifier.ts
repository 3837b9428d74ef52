import { createHash } from "node:crypto";

/**
 * STIX identifiers: `type--UUID` (§2.9). The UUID part must be RFC 4122 form; SCO ids are
 * UUIDv5 in the STIX namespace over the object's identifying properties (§2.9).
 */

/** The namespace of deterministic SCO identifiers (STIX 2.1 §2.9). */
export const STIX_SCO_NAMESPACE = "00abedb4-aa42-466c-9c01-fed23315a9b7";

/**
 * The namespace of Centinela's deterministic SDO ids (infrastructure of an asset, organization
 * identities, relationships), shared by every module that exports STIX so the same asset gets
 * the same id from the exposure export and from an incident report.
 */
export const CENTINELA_STIX_NAMESPACE = "6f1c1a52-3a0e-4a43-9d42-7f4f0c6b2e15";

const TYPE_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** True when `value` is a well-formed STIX identifier (`type--uuid`, lower-case, RFC 4122 variant). */
export function isStixId(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const sep = value.indexOf("--");
  if (sep <= 0) return false;
  return TYPE_NAME.test(value.slice(0, sep)) && UUID.test(value.slice(sep + 2));
}

/** The object type an identifier names (`indicator` for `indicator--…`), or null when malformed. */
export function typeOfId(id: string): string | null {
  const sep = id.indexOf("--");
  return sep > 0 ? id.slice(0, sep) : null;
}

/** True when `value` is a legal STIX type name (§3.1: 3–250 chars, a–z, 0–9, hyphen). */
export function isTypeName(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.length >= 3 &&
    value.length <= 250 &&
    TYPE_NAME.test(value) &&
    !value.includes("--")
  );
}

/** RFC 4122 UUID version 5 (SHA-1) of `name` in `namespace`. */
export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A random (version 4) STIX identifier for a new object of `type`. */
export function newStixId(type: string): string {
  return `${type}--${crypto.randomUUID()}`;
}

/**
 * The STIX identity id of a Centinela organization: the same everywhere it is named (an
 * incident's reporter, a sighting's where_sighted_refs), so one organization is one identity.
 */
export function organizationIdentityId(orgId: string): string {
  return `identity--${uuidV5(CENTINELA_STIX_NAMESPACE, `org|${orgId}`)}`;
}
