/**
 * The inventory model: organizations, sites, assets, the software they run and the vendors who
 * make it. Plain JSON-friendly records so that a store can persist them as they are.
 */

import type { MxState } from "../i18n/index.js";

/**
 * Critical-infrastructure sectors. The first eight are those the exposure feature names; the
 * rest cover the other sectors commonly listed in national critical-infrastructure plans.
 */
export const SECTORS = [
  "energy",
  "telecommunications",
  "transport",
  "finance",
  "health",
  "water",
  "government",
  "defense",
  "food",
  "emergency-services",
  "information-technology",
  "manufacturing",
  "chemical",
  "education",
  "other",
] as const;

/** One critical-infrastructure sector. */
export type Sector = (typeof SECTORS)[number];

/** Mexico's states (ISO 3166-2:MX) live in i18n, beside the parser of the names people write. */
export { MX_STATES, type MxState } from "../i18n/index.js";

/** How much harm the loss of an asset does, lowest first. */
export const CRITICALITIES = ["low", "medium", "high", "critical"] as const;

/** One criticality level. */
export type Criticality = (typeof CRITICALITIES)[number];

/** What an asset does; a designated vendor in a "control" or "network-core" role weighs most. */
export const ASSET_ROLES = [
  "control",
  "network-core",
  "network-edge",
  "server",
  "workstation",
  "camera",
  "radio",
  "iot",
  "application",
  "other",
] as const;

/** One asset role. */
export type AssetRole = (typeof ASSET_ROLES)[number];

/**
 * Where an asset's role came from: a person or an authoritative inventory said it ("confirmed"),
 * an importer inferred it from what the scan or SBOM showed ("inferred", with the evidence), or
 * nothing said anything ("default", the role "other"). An import never replaces a confirmed role.
 */
export const ROLE_SOURCES = ["confirmed", "inferred", "default"] as const;

/** One role source. */
export type RoleSource = (typeof ROLE_SOURCES)[number];

/** Roles in which a designated vendor's equipment counts as critical for ranking. */
export const CRITICAL_ROLES: ReadonlySet<AssetRole> = new Set(["control", "network-core", "network-edge", "radio"]);

/** A member organization. */
export interface Organization {
  id: string;
  name: string;
  sector: Sector;
  state: MxState;
  /** The TLP level its exports carry (amber unless set). */
  tlp?: "clear" | "green" | "amber" | "amber+strict" | "red";
}

/** A physical or logical place of an organization (a plant, a data centre). */
export interface Site {
  id: string;
  organizationId: string;
  name: string;
  state?: MxState;
}

/** The kind of a software item, after the CPE part where there is one. */
export type SoftwareKind = "application" | "operating-system" | "firmware" | "hardware" | "library";

/** One piece of software, firmware or hardware an asset runs, named by CPE 2.3 and/or purl. */
export interface Software {
  name: string;
  version: string | null;
  vendor: string | null;
  kind: SoftwareKind;
  /** CPE 2.3 formatted string (URIs from Nmap are converted). */
  cpe: string | null;
  purl: string | null;
}

/** An open port found by a scan. */
export interface Port {
  protocol: string;
  port: number;
  service: string | null;
  product: string | null;
  version: string | null;
}

/** Where an asset record came from. */
export interface Provenance {
  source: "nmap" | "cyclonedx" | "csv" | "manual";
  /** The file name or other label of the input. */
  input: string;
  /** When the input was produced (scan end, SBOM timestamp), ISO 8601, when known. */
  observedAt: string | null;
}

/**
 * An asset. `key` is its stable natural key (see assetKey): re-importing the same scan yields the
 * same keys, so a store updates rather than duplicates.
 */
export interface Asset {
  key: string;
  name: string;
  organizationId: string | null;
  siteId: string | null;
  addresses: string[];
  macs: string[];
  hostnames: string[];
  role: AssetRole;
  roleSource: RoleSource;
  /** What the inferred role rests on ("RTSP on 554/tcp", "Nmap device type webcam"); empty otherwise. */
  roleEvidence: string[];
  criticality: Criticality;
  internetExposed: boolean;
  owner: string | null;
  /** The maker of the device, when known (Nmap MAC vendor, CSV column). */
  vendor: string | null;
  ports: Port[];
  software: Software[];
  provenance: Provenance;
}

/** A vendor: name, aliases, origin, owners and whether a state controls it. */
export interface Vendor {
  name: string;
  aliases: string[];
  /** ISO 3166-1 alpha-2 country of origin. */
  country: string | null;
  parents: string[];
  stateControl: string | null;
}

/**
 * The natural key of an asset: MAC when known (lower-case), else IP plus hostname, else the
 * name. The store owns it, because it computes the key again when a person edits an asset.
 */
export { assetKey } from "../store/index.js";
