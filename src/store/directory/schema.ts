import type { Generated } from "kysely";

/**
 * The directory area's tables (migrations.ts makes them): accounts, grants, status resources,
 * feeds, the audit log and settings.
 */

/** A member organization. */
export interface OrganizationsTable {
  id: string;
  name: string;
  created: string;
}

/** A user account. */
export interface UsersTable {
  id: string;
  username: string;
  org_id: string;
  role: string;
  password_hash: string | null;
  active: number;
  created: string;
}

/** An API token, by the SHA-256 of its text. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  name: string;
  created: string;
  expires: string | null;
  revoked: string | null;
}

/** An organization's rights on a collection. */
export interface CollectionGrantsTable {
  collection_id: string;
  org_id: string;
  can_read: number;
  can_write: number;
}

/** A TAXII status resource; the per-object lists are JSON. */
export interface StatusResourcesTable {
  id: string;
  owner_user: string | null;
  owner_org: string | null;
  status: string;
  request_timestamp: string;
  total_count: number;
  successes: string;
  failures: string;
  pendings: string;
}

/** The append-only audit log. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  user_id: string | null;
  org_id: string | null;
  address: string;
  action: string;
  target: string;
  detail: string;
}

/** A server setting made once and kept (migration 3), such as the key that seals TAXII `next` values. */
export interface SettingsTable {
  name: string;
  value: string;
  created: string;
}

/** The directory area's tables. */
export interface DirectoryDatabase {
  organizations: OrganizationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  collection_grants: CollectionGrantsTable;
  status_resources: StatusResourcesTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
