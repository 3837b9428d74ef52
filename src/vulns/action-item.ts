import type { Asset, AssetRole, AssetVendorMatch, Criticality, VendorRegistry } from "../assets/index.js";
import type { Ssvc } from "./cve5.js";
import type { EpssScore } from "./epss.js";
import type { KevEntry } from "./kev.js";
import type { Finding } from "./match.js";
import type { NvdCve } from "./nvd.js";
import type { OsvRecord } from "./osv.js";

/**
 * The shape of the action list and the reasons every line shares: what the asset is (its
 * criticality, its exposure, a designated vendor in its role, the sightings against it). The
 * lines themselves are built in rank.ts (one per version-confirmed finding), designated-item.ts
 * (one per designated-vendor asset) and name-only.ts (one per asset and product matched by name).
 */

/** One factor behind a score. */
export interface Reason {
  factor:
    | "kev"
    | "ransomware"
    | "due-date"
    | "epss"
    | "cvss"
    | "advisory"
    | "ssvc"
    | "criticality"
    | "exposure"
    | "designated-vendor"
    | "sightings"
    | "unconfirmed";
  points: number;
  en: string;
  es: string;
}

/**
 * What a line asks for: fix a CVE, deal with designated-vendor equipment, or confirm the version
 * of a product matched by name only (one line for all its known-exploited CVEs).
 */
export type ActionKind = "vulnerability" | "designated-vendor" | "unconfirmed-version";

/** One line of the action list. */
export interface ActionItem {
  /** Stable id: asset key and CVE, asset key and vendor list entry, or asset key and product. */
  id: string;
  kind: ActionKind;
  organizationId: string | null;
  assetKey: string;
  assetName: string;
  /** The CVE of a vulnerability line; null on the other kinds. */
  cveId: string | null;
  /** Every CVE the line covers: one, none, or all of a name-only product's. */
  cveIds: string[];
  score: number;
  dueDate: string | null;
  reasons: Reason[];
  action: { en: string; es: string };
  /** The finding (for a name-only line, the one that scored highest). */
  finding: Finding | null;
  vendorMatches: AssetVendorMatch[];
}

/** What ranking reads besides the findings. Missing maps simply contribute nothing. */
export interface RankContext {
  assets: ReadonlyMap<string, Asset>;
  kev?: ReadonlyMap<string, KevEntry>;
  epss?: ReadonlyMap<string, EpssScore>;
  nvd?: ReadonlyMap<string, NvdCve>;
  /** CISA's SSVC decision points by CVE (from CVE JSON 5 records). */
  ssvc?: ReadonlyMap<string, Ssvc>;
  /** OSV advisories by id, for the severity they give when NVD gives no CVSS score. */
  osv?: ReadonlyMap<string, OsvRecord>;
  vendors?: VendorRegistry;
  /** Number of sightings recorded against each asset key. */
  sightings?: ReadonlyMap<string, number>;
  /** Today, YYYY-MM-DD, for due dates (a parameter so results are reproducible). */
  today: string;
}

const CRITICALITY_POINTS: Record<Criticality, number> = { low: 0, medium: 5, high: 10, critical: 15 };
const CRITICALITY_ES: Record<Criticality, string> = { low: "baja", medium: "media", high: "alta", critical: "crítica" };

/**
 * Points a designated vendor adds in each role: most where the equipment controls a process or
 * carries the network's traffic, least where it is one application among many.
 */
export const DESIGNATED_ROLE_POINTS: Record<AssetRole, number> = {
  control: 25,
  "network-core": 25,
  "network-edge": 20,
  radio: 20,
  camera: 15,
  server: 12,
  iot: 12,
  workstation: 10,
  application: 8,
  other: 8,
};

/** Spanish names of the roles, for the reasons. */
export const ROLE_ES: Record<AssetRole, string> = {
  control: "control industrial",
  "network-core": "núcleo de red",
  "network-edge": "borde de red",
  server: "servidor",
  workstation: "estación de trabajo",
  camera: "cámara",
  radio: "radio",
  iot: "IoT",
  application: "aplicación",
  other: "otro",
};

/** "camera (inferred: RTSP on 554/tcp)" — the role, and where it came from when a person has not confirmed it. */
export function roleText(asset: Asset): { en: string; es: string } {
  if (asset.roleSource !== "inferred") return { en: asset.role, es: ROLE_ES[asset.role] };
  const evidence = asset.roleEvidence.join("; ");
  return {
    en: `${asset.role} (inferred from ${evidence}; unconfirmed)`,
    es: `${ROLE_ES[asset.role]} (inferido de ${evidence}; sin confirmar)`,
  };
}

/** The reasons that come from the asset itself, shared by every line on it. */
export function assetReasons(asset: Asset, ctx: RankContext, vendorMatches: readonly AssetVendorMatch[]): Reason[] {
  const reasons: Reason[] = [];
  const c = CRITICALITY_POINTS[asset.criticality];
  if (c > 0) {
    reasons.push({
      factor: "criticality",
      points: c,
      en: `The asset's criticality is ${asset.criticality}.`,
      es: `La criticidad del activo es ${CRITICALITY_ES[asset.criticality]}.`,
    });
  }
  if (asset.internetExposed) {
    reasons.push({
      factor: "exposure",
      points: 15,
      en: "The asset is reachable from the internet.",
      es: "El activo es accesible desde internet.",
    });
  }
  const m = vendorMatches[0];
  if (m) {
    const role = roleText(asset);
    reasons.push({
      factor: "designated-vendor",
      points: DESIGNATED_ROLE_POINTS[asset.role],
      en: `${m.evidence.en} ${m.explanation.en} ${m.facts.en} Its role: ${role.en}.`,
      es: `${m.evidence.es} ${m.explanation.es} ${m.facts.es} Su papel: ${role.es}.`,
    });
  }
  const sightings = ctx.sightings?.get(asset.key) ?? 0;
  if (sightings > 0) {
    reasons.push({
      factor: "sightings",
      points: 15 + Math.min(5, sightings - 1),
      en: `${sightings} sighting(s) of known threat indicators involve this asset.`,
      es: `${sightings} avistamiento(s) de indicadores de amenaza conocidos involucran este activo.`,
    });
  }
  return reasons;
}

/** The sum of the points, to one decimal. */
export function scoreOf(reasons: readonly Reason[]): number {
  return Math.round(reasons.reduce((s, r) => s + r.points, 0) * 10) / 10;
}
