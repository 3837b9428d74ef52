import type { TlpLevel } from "../stix/index.js";
import type { RegimeId } from "./regimes.js";
import type { IncidentStatus } from "./workflow.js";

/**
 * The incident as Centinela reads and writes it. It is kept as STIX (an `incident` with the
 * Incident Core extension and a `x_centinela_incident` property for the reporting facts); this
 * is its decoded form.
 */

/** Incident Core `determination` values. */
export const DETERMINATIONS = [
  "blocked",
  "failed-attempt",
  "false-positive",
  "low-value",
  "successful-attempt",
  "suspected",
] as const;

/** One determination. */
export type Determination = (typeof DETERMINATIONS)[number];

/** Incident Core `recoverability` values. */
export const RECOVERABILITIES = ["not-applicable", "regular", "supplemented", "extended", "not-recoverable"] as const;

/** One recoverability. */
export type Recoverability = (typeof RECOVERABILITIES)[number];

/** Incident types Centinela accepts (Incident Core's `incident_types` is an open vocabulary). */
export const INCIDENT_TYPES = [
  "ransomware",
  "malware",
  "phishing",
  "data-breach",
  "exfiltration",
  "denial-of-service",
  "unauthorized-access",
  "account-compromise",
  "defacement",
  "supply-chain",
  "insider",
  "espionage",
  "fraud",
  "vulnerability-exploitation",
  "other",
] as const;

/** The organization an incident belongs to, as the report shows it. */
export interface OrgFacts {
  id: string;
  name: string;
  /** Sector (the inventory's), or null when the organization has no profile. */
  sector: string | null;
  /** ISO 3166-2:MX code, or null. */
  state: string | null;
  /** Name of the state, for the location object. */
  stateName: string | null;
  tlp: TlpLevel;
}

/** An affected asset from the organization's inventory. */
export interface AssetRef {
  /** Inventory id. */
  id: string;
  key: string;
  name: string;
  addresses: string[];
  hostnames: string[];
}

/** A threat actor the incident is attributed to. */
export interface ActorRef {
  /** `threat-actor--…` */
  id: string;
  name: string;
  aliases: string[];
  description: string | null;
  /** Where it came from ("misp-galaxy threat-actor v349", "store"). */
  source: string;
}

/** A report stage submitted: when and where to. */
export interface Submission {
  stage: string;
  at: string;
  to: string;
  anonymized: boolean;
}

/** A file attached to the incident, known by its SHA-256. */
export interface Attachment {
  sha256: string;
  name: string;
  size: number;
  added: string;
}

/** The decoded incident. Times are STIX timestamps (UTC). */
export interface IncidentRecord {
  id: string;
  created: string;
  modified: string;
  org: OrgFacts;
  title: string;
  description: string | null;
  types: string[];
  determination: Determination;
  status: IncidentStatus;
  /** 0-100, or null when not given. */
  criticality: number | null;
  detectionMethods: string[];
  recoverability: Recoverability | null;
  /** availability_impact 0-100 of the affected systems, or null. */
  availability: number | null;
  regime: RegimeId;
  timeZone: string;
  awareAt: string;
  ransomPaidAt: string | null;
  assignee: string | null;
  /** Mitigation measures taken or planned (NIS2 and CIRCIA reports ask for them), or null. */
  mitigation: string | null;
  /** Root cause or type of threat (NIS2 final report), or null. */
  rootCause: string | null;
  /** Cross-border impact, in words (NIS2), or null. */
  crossBorder: string | null;
  assets: AssetRef[];
  actor: ActorRef | null;
  sightingRefs: string[];
  submissions: Submission[];
  attachments: Attachment[];
  /** Ids of the STIX notes holding the comments, oldest first. */
  commentRefs: string[];
}
