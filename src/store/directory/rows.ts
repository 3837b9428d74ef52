import type { Kysely } from "kysely";
import type { TlpLevel } from "../../stix/index.js";
import { type Statement, statement, type WritePlan } from "../backend.js";
import type { Database } from "../database.js";
import type { Actor, ApiToken, Feed, Role, StatusRecord, User, UserRecord } from "./contract.js";

/**
 * What the parts of the directory share: the kit (database, transaction runners, clock), the
 * audit statement, and the row mappers.
 */

/** The store's database, as the directory queries it. */
export type Db = Kysely<Database>;
/** A driver row. */
export type Rec = Record<string, unknown>;

/**
 * The audit row of a change, for the directory and every store part built on its schema (the
 * inventory). Detail must never hold a secret: callers pass ids, names and counts only.
 */
export function audit(
  db: Pick<Db, "insertInto">,
  actor: Actor,
  action: string,
  target: string,
  detail: Rec,
): Statement {
  return statement(
    db.insertInto("audit_log").values({
      at: new Date().toISOString(),
      user_id: actor.userId,
      org_id: actor.orgId,
      address: actor.address,
      action,
      target,
      detail: JSON.stringify(detail),
    }),
  );
}

export function toUser(row: Rec): UserRecord {
  return {
    id: String(row.id),
    username: String(row.username),
    orgId: String(row.org_id),
    role: String(row.role) as Role,
    active: Number(row.active) === 1,
    created: String(row.created),
    passwordHash: (row.password_hash as string | null) ?? null,
  };
}

export function publicUser(user: UserRecord): User {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

export function toToken(row: Rec): ApiToken {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: String(row.name),
    created: String(row.created),
    expires: (row.expires as string | null) ?? null,
    revoked: (row.revoked as string | null) ?? null,
  };
}

export function toFeed(row: Rec): Feed {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(row.id),
    kind: String(row.kind),
    config: JSON.parse(String(row.config)) as Record<string, unknown>,
    secret: text(row.secret),
    cursor: text(row.cursor),
    everySeconds: row.every_seconds === null || row.every_seconds === undefined ? null : Number(row.every_seconds),
    lastSync: text(row.last_sync),
    lastError: text(row.last_error),
    failures: Number(row.failures ?? 0),
    nextRun: text(row.next_run),
  };
}

export function toStatus(row: Rec): StatusRecord {
  return {
    id: String(row.id),
    ownerUser: (row.owner_user as string | null) ?? null,
    ownerOrg: (row.owner_org as string | null) ?? null,
    status: row.status === "complete" ? "complete" : "pending",
    requestTimestamp: String(row.request_timestamp),
    totalCount: Number(row.total_count),
    successes: JSON.parse(String(row.successes)),
    failures: JSON.parse(String(row.failures)),
    pendings: JSON.parse(String(row.pendings)),
  };
}

/** What every part of the directory works with. */
export interface DirectoryKit {
  db: Db;
  /** Runs a write plan in one transaction and counts the change. */
  run: <T>(plan: () => WritePlan<T>) => Promise<T>;
  /** Runs a list of statements in one transaction. */
  steps: (list: Statement[]) => Promise<void>;
  /** Like steps, for records that no cache depends on (status, feed state, audit): not counted as a change. */
  record: (list: Statement[]) => Promise<void>;
  now: () => string;
  unmarkedAs: TlpLevel;
}
