import type { Generated } from "kysely";

/** One outbox item. */
export interface OutboxItemsTable {
  /** Queue order. */
  seq: Generated<number>;
  id: string;
  org_id: string;
  policy: string;
  destination: string | null;
  to_url: string;
  collection: string;
  source: string;
  status: string;
  objects: number;
  errors: number;
  original: string;
  outgoing: string;
  changes: string;
  issues: string;
  created: string;
  created_by: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  sent_at: string | null;
  result: string | null;
}

/** One push destination. */
export interface OutboxDestinationsTable {
  name: string;
  to_url: string;
  collection: string;
  policy: string;
  created: string;
}

/** The outbox area's tables. */
export interface OutboxDatabase {
  outbox_items: OutboxItemsTable;
  outbox_destinations: OutboxDestinationsTable;
}
