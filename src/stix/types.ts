/**
 * The shapes of STIX 2.1 content as Centinela handles it.
 *
 * Objects are kept as plain JSON records: the store keeps the text exactly as received, and
 * validation works on the parsed record. These types name the common properties; the
 * per-type property rules live in the validation tables, not in TypeScript interfaces,
 * because custom properties and extensions are legal on every object.
 */

/** Any STIX object as parsed from JSON: common properties named, the rest open. */
export interface StixObject {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  created_by_ref?: string;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  lang?: string;
  external_references?: ExternalReference[];
  object_marking_refs?: string[];
  granular_markings?: GranularMarking[];
  extensions?: Record<string, unknown>;
  [property: string]: unknown;
}

/** An external reference (STIX 2.1 §2.5). */
export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  hashes?: Record<string, string>;
  external_id?: string;
}

/** A granular marking (STIX 2.1 §7.2.3). */
export interface GranularMarking {
  lang?: string;
  marking_ref?: string;
  selectors: string[];
}

/** A STIX 2.1 bundle (§8). */
export interface StixBundle {
  type: "bundle";
  id: string;
  objects?: StixObject[];
}

/** TLP 2.0 levels, from most to least shareable. */
export type TlpLevel = "clear" | "green" | "amber" | "amber+strict" | "red";

/** Every TLP level, in order from most to least shareable. */
export const TLP_LEVELS: readonly TlpLevel[] = ["clear", "green", "amber", "amber+strict", "red"];
