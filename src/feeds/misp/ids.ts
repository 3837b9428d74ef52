import { uuidV5 } from "../../stix/index.js";

/**
 * Deterministic STIX ids for what comes from MISP: UUIDv5 of the MISP uuid (with the STIX type,
 * so an attribute's indicator and its observed-data differ) in Centinela's MISP namespace. The
 * same MISP content imported twice gives the same ids, so a re-import changes nothing.
 */

/** The namespace of ids derived from MISP uuids (a fixed, random UUID). */
export const MISP_NAMESPACE = "5f7c1d0e-3b8a-4c61-9a57-2e4d8b6f1c93";

/** The STIX id of the object of `type` made from the MISP thing with this uuid (or other key). */
export function mispId(type: string, key: string): string {
  return `${type}--${uuidV5(MISP_NAMESPACE, `${type}:${key.toLowerCase()}`)}`;
}
