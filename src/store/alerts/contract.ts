import type { Actor } from "../directory/contract.js";
import type { InventoryScope } from "../inventory/contract.js";

/**
 * The alerts area: every alert detection raised, one row each, as data a person works with —
 * filtered, paged, acknowledged or dismissed. An alert belongs to one organization (the one
 * whose traffic it is); a member reads only its organization's (InventoryScope, decided in
 * access/), the national CSIRT every one.
 *
 *   insert(org, [{kind, event, indicatorId, value, field, log, file, line, ts, src, dst, details}…], {keep})
 *        → { added, pruned }   (an alert already recorded — same org, kind, indicator, event — is left)
 *   list(scope, {kinds, statuses, indicatorId, orgId, from, to}, {limit, after})
 *        → { alerts: [StoredAlert…] newest event first, next: cursor | null }
 *   get(scope, id) → StoredAlert | null
 *   setStatus(scope, actor, id, {status, by, note}) → StoredAlert | null   (audited)
 *   histogram(scope, filter, "day" | "hour" | "minute") → [{ bucket: "2023-02-22", kind, count }…]
 *   topIndicators(scope, filter, limit) → [{ indicatorId, count, organizations, lastSeen }…] most matches first
 *
 * The store keeps at most `keep` alerts per organization (ALERTS_KEPT by default): inserting
 * past it deletes that organization's oldest recorded ones (an alert deleted so is new again if
 * the same logs are scanned later).
 */

/** What raised the alert: an indicator match, or one of the behaviour analytics. */
export type AlertKind = "indicator" | "exfiltration" | "lateral-movement" | "beacon" | "long-connection";

/** Every alert kind. */
export const ALERT_KINDS: readonly AlertKind[] = [
  "indicator",
  "exfiltration",
  "lateral-movement",
  "beacon",
  "long-connection",
];

/** Where a person has got with an alert. */
export type AlertStatus = "new" | "acknowledged" | "dismissed";

/** Every alert status. */
export const ALERT_STATUSES: readonly AlertStatus[] = ["new", "acknowledged", "dismissed"];

/** Alerts kept per organization unless the caller says otherwise. */
export const ALERTS_KEPT = 500_000;

/** One alert as detection reports it. */
export interface AlertInput {
  kind: AlertKind;
  /**
   * The event's identity: for an indicator match the hash of its log line (detect's `event`),
   * for an analytic the hash of what it found. With org, kind and indicator it makes the alert's id.
   */
  event: string;
  /** The indicator that matched (indicator alerts), else null. */
  indicatorId: string | null;
  /** The value that matched, else null. */
  value: string | null;
  /** The log field that matched (`query`, `id.resp_h`), else null. */
  field: string | null;
  /** The log: `zeek:dns`, `suricata:alert`, `conn`… */
  log: string;
  file: string;
  line: number;
  /** The event's time (or the analytic window's start), ISO 8601, or null when the line had none. */
  ts: string | null;
  src: string | null;
  dst: string | null;
  /** What an analytic measured (bytes, destinations, score, window end…); null for a match. */
  details: Record<string, unknown> | null;
}

/** One stored alert. */
export interface StoredAlert extends AlertInput {
  /** Derived from organization, kind, indicator and event: the same alert has the same id. */
  id: string;
  orgId: string;
  status: AlertStatus;
  /** Who set the status last (a user name), when, and their note; null while new and untouched. */
  statusBy: string | null;
  statusAt: string | null;
  note: string | null;
  /** When the store first recorded it. */
  recorded: string;
}

/** Which alerts to read; every field narrows. */
export interface AlertFilter {
  kinds?: readonly AlertKind[];
  statuses?: readonly AlertStatus[];
  indicatorId?: string;
  /** Only the alerts on this observed value (an address, a domain: the log's own text, exactly). */
  value?: string;
  /** Only this organization's (within the scope). */
  orgId?: string;
  /** Events at or after this instant (ISO 8601); alerts without a time are left out. */
  from?: string;
  /** Events before this instant (ISO 8601). */
  to?: string;
}

/** One page: newest event first, then newest recorded; `next` is the cursor of the page after, or null. */
export interface AlertPage {
  alerts: StoredAlert[];
  next: string | null;
}

/** A status change. */
export interface AlertStatusChange {
  status: AlertStatus;
  /** The user name who makes it, kept on the alert. */
  by: string;
  note: string | null;
}

/** Alerts of one kind in one day ("2023-02-22") or hour ("2023-02-22T14"), by event time. */
/** The width of a histogram's buckets: a day ("2023-02-22"), an hour ("…T14") or a minute ("…T14:05"), UTC. */
export type AlertBucketSize = "day" | "hour" | "minute";

/** The sizes, for schemas and messages. */
export const ALERT_BUCKET_SIZES: readonly AlertBucketSize[] = ["day", "hour", "minute"];

export interface AlertBucket {
  bucket: string;
  kind: AlertKind;
  count: number;
}

/** One indicator and how often it matched, for "top indicators seen". */
export interface IndicatorTally {
  indicatorId: string;
  /** Its matches (indicator alerts) the filter selects. */
  count: number;
  /** How many organizations it was seen at. */
  organizations: number;
  /** The latest event time among them, or null when none had a time. */
  lastSeen: string | null;
}

/** What one insert did. */
export interface AlertsInserted {
  /** Alerts not recorded before. */
  added: number;
  /** The organization's oldest alerts deleted to stay within `keep`. */
  pruned: number;
}

/** The alerts area. */
export interface AlertStore {
  /** Records the alerts of one organization, leaving those already recorded; then keeps at most `keep` (default ALERTS_KEPT). */
  insert(orgId: string, alerts: readonly AlertInput[], options?: { keep?: number }): Promise<AlertsInserted>;
  /** A page of the alerts the scope sees (STORE_BAD_CURSOR, STORE_BAD_FILTER, STORE_BAD_PAGE on bad input). */
  list(scope: InventoryScope, filter: AlertFilter, page: { limit: number; after?: string | null }): Promise<AlertPage>;
  /** One alert, or null when it does not exist or is outside the scope. */
  get(scope: InventoryScope, id: string): Promise<StoredAlert | null>;
  /** Sets an alert's status (with who, when and the note) and audits it; null when not found in the scope. */
  setStatus(scope: InventoryScope, actor: Actor, id: string, change: AlertStatusChange): Promise<StoredAlert | null>;
  /** Alerts per day or hour and kind, oldest first, for the alerts the filter selects (those with a time). */
  histogram(scope: InventoryScope, filter: AlertFilter, bucket: AlertBucketSize): Promise<AlertBucket[]>;
  /**
   * The `limit` indicators matched most often among the indicator alerts the filter selects (its
   * kinds are ignored), most matches first, then by id; counted in SQL (STORE_BAD_PAGE past 1 to 100).
   */
  topIndicators(scope: InventoryScope, filter: AlertFilter, limit: number): Promise<IndicatorTally[]>;
}
