import type { Generated } from "kysely";

/** One alert of one organization. */
export interface AlertsTable {
  /** Insertion order: the keyset's tiebreak and what pruning deletes first. */
  seq: Generated<number>;
  id: string;
  org_id: string;
  kind: string;
  event: string;
  /** Empty when none (so the unique key and the order need no NULL rules). */
  indicator_id: string;
  value: string | null;
  field: string | null;
  log: string;
  file: string;
  line: number;
  /** The event's time, ISO 8601; empty when unknown (sorts after every time in newest-first order). */
  ts: string;
  src: string | null;
  dst: string | null;
  /** JSON of the analytic's measures, or null. */
  details: string | null;
  status: string;
  status_by: string | null;
  status_at: string | null;
  note: string | null;
  recorded: string;
}

/** The alerts area's tables. */
export interface AlertsDatabase {
  alerts: AlertsTable;
}
