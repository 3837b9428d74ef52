import type { AccessContext } from "../objects/contract.js";

/**
 * The directory contract: who is who (organizations, users, tokens), which organization may read
 * or write which collection, TAXII status resources, remote feeds, and the append-only audit log.
 *
 *   organizations ─┬─ users ── api_tokens (SHA-256 of the token only)
 *                  └─ collection_grants (collection, org, read, write)
 *   status_resources   one per POSTed envelope: per-object successes, failures, pendings
 *   feeds              remote TAXII collections pulled by `feeds sync`, with their resume point
 *   audit_log          one row per write and per grant/account change; never updated or deleted
 *   settings           values made once and kept, such as the key that seals TAXII `next` values
 *
 * Every change method takes the Actor who makes it and appends its audit row in the same
 * transaction, so a change without its audit row cannot exist. Secrets never reach the log.
 */

/** Roles of a user: what they may do beyond their organization's grants. */
export type Role = "admin" | "analyst" | "reader" | "partner";

/** Every role, in order of power. */
export const ROLES: readonly Role[] = ["admin", "analyst", "reader", "partner"];

/** Who makes a change, for the audit log. */
export interface Actor {
  userId: string | null;
  orgId: string | null;
  /** Where from: an IP address, or "cli". */
  address: string;
}

/** A member organization. */
export interface Organization {
  id: string;
  name: string;
  created: string;
}

/** A user account (the password hash is only in UserRecord). */
export interface User {
  id: string;
  username: string;
  orgId: string;
  role: Role;
  active: boolean;
  created: string;
}

/** A user as authentication needs it. */
export interface UserRecord extends User {
  passwordHash: string | null;
}

/** An API token's metadata (the token itself is never stored). */
export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  created: string;
  /** RFC 3339 expiry, or null for none. */
  expires: string | null;
  revoked: string | null;
}

/** A TAXII collection. */
export interface Collection {
  id: string;
  title: string;
  description: string | null;
  created: string;
}

/** An organization's rights on a collection. */
export interface Grant {
  collectionId: string;
  orgId: string;
  read: boolean;
  write: boolean;
}

/** One per-object entry of a status resource. */
export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

/** A TAXII status resource as stored (survives restarts). */
export interface StatusRecord {
  id: string;
  ownerUser: string | null;
  ownerOrg: string | null;
  status: "pending" | "complete";
  requestTimestamp: string;
  totalCount: number;
  successes: StatusDetail[];
  failures: StatusDetail[];
  pendings: StatusDetail[];
}

/**
 * A feed `feeds sync` and `serve` pull from, of any kind (feeds/ holds one connector per kind):
 * what the kind needs to pull (`config`), where the last run stopped (`cursor`, opaque to all
 * but the kind's connector), its schedule and its health.
 */
export interface Feed {
  id: string;
  /** The connector that pulls it: "taxii", "kev", "nvd", "epss", "misp", "list"… */
  kind: string;
  /** The kind's configuration (a URL or path, a remote collection, a local collection…); never a secret. */
  config: Record<string, unknown>;
  /**
   * Password or token for the remote server, sealed (`enc1:…`, access's sealSecret bound to the
   * feed id) by whoever writes it; the store keeps it as given and never sees the key. Rows of
   * releases before sealing hold it in the clear until their next write. Never printed or logged.
   */
  secret: string | null;
  /** Resume point written by the connector after each stored page, or null before the first. */
  cursor: string | null;
  /** Seconds between runs under `serve`, or null for the kind's default. */
  everySeconds: number | null;
  lastSync: string | null;
  lastError: string | null;
  /** Failed runs in a row (0 after a success). */
  failures: number;
  /** When `serve` runs it next, or null for as soon as it starts. */
  nextRun: string | null;
}

/** What keeps a collection or an organization from being removed: a kind of thing, how many, the first few by name. */
export interface Dependent {
  what: "objects" | "grants" | "feeds" | "users" | "sites" | "assets" | "alerts" | "sightings";
  count: number;
  names: string[];
}

/** What is given to add a feed. */
export type NewFeed = Pick<Feed, "id" | "kind" | "config" | "secret" | "everySeconds">;

/** The state a run of a feed saves. */
export interface FeedState {
  cursor: string | null;
  lastSync: string | null;
  lastError: string | null;
  /** Failed runs in a row; unchanged when absent. */
  failures?: number;
  /** Next scheduled run; unchanged when absent. */
  nextRun?: string | null;
  /** The credential re-sealed (one an older release stored in the clear); unchanged when absent. */
  secret?: string;
}

/** One audit log entry. */
export interface AuditEntry {
  seq: number;
  at: string;
  userId: string | null;
  orgId: string | null;
  address: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
}

/**
 * A MISP warninglist a `warninglists` feed stored: what its list.json said, and the digest of that
 * text (the next run compares it to tell an unchanged list from a changed one).
 */
export interface StoredWarninglist {
  feedId: string;
  name: string;
  version: number;
  digest: string;
  /** The file or URL it was read from. */
  source: string;
  type: string;
  description: string;
  matchingAttributes: string[];
  /** The entries; empty in `storedWarninglists({ entries: false })`. */
  list: string[];
  entryCount: number;
  /** When this version was stored (ISO 8601). */
  updated: string;
}

/** What storing a warninglist did: first time, a changed list replaced, or the same digest already there. */
export type WarninglistPutOutcome = "new" | "changed" | "unchanged";

/** The directory: accounts, grants, status resources, feeds and the audit log. */
export interface Directory {
  /** Counts changes of accounts, tokens, collections, grants and feeds made through this object, so a cache in this process can tell when to drop its entries. */
  readonly changes: number;
  createOrganization(actor: Actor, name: string): Promise<Organization>;
  listOrganizations(): Promise<Organization[]>;
  /** By id or by name. */
  findOrganization(idOrName: string): Promise<Organization | null>;

  createUser(
    actor: Actor,
    input: { username: string; orgId: string; role: Role; passwordHash: string | null },
  ): Promise<User>;
  findUser(idOrUsername: string): Promise<UserRecord | null>;
  listUsers(): Promise<User[]>;
  countUsers(): Promise<number>;
  setPassword(actor: Actor, userId: string, passwordHash: string): Promise<void>;
  setUserActive(actor: Actor, userId: string, active: boolean): Promise<void>;

  /** Records a token by its hash; the caller shows the token once. */
  createToken(
    actor: Actor,
    input: { userId: string; tokenHash: string; name: string; expires: string | null },
  ): Promise<ApiToken>;
  /** The live token with this hash and its active user; null when unknown, revoked, expired or the user is disabled. */
  findToken(tokenHash: string, now: string): Promise<{ token: ApiToken; user: User } | null>;
  revokeToken(actor: Actor, tokenId: string): Promise<boolean>;
  listTokens(userId?: string): Promise<ApiToken[]>;

  createCollection(actor: Actor, input: { id: string; title: string; description: string | null }): Promise<Collection>;
  findCollection(id: string): Promise<Collection | null>;
  listCollections(): Promise<Collection[]>;
  /** Sets (or with read and write false, removes) an organization's rights on a collection. */
  setGrant(actor: Actor, grant: Grant): Promise<void>;
  listGrants(filter?: { collectionId?: string; orgId?: string }): Promise<Grant[]>;

  /**
   * Removes the versions of `objectId` in the collection that `ctx` may see (all of them, or those
   * whose version is listed); returns how many were removed. Objects stay in the store.
   */
  removeFromCollection(
    actor: Actor,
    ctx: AccessContext,
    collectionId: string,
    objectId: string,
    versions: string[] | null,
  ): Promise<number>;

  putStatus(status: StatusRecord): Promise<void>;
  getStatus(id: string): Promise<StatusRecord | null>;

  /**
   * Adds a feed; its secret must be sealed (ACCESS_SECRET_NOT_SEALED otherwise). An id in use is
   * STORE_DUPLICATE unless `replace`: then kind, configuration, credential and schedule are
   * replaced in place, keeping the resume point when `keepCursor(old)` says the new
   * configuration pulls from the same place (the connector decides; default: never).
   */
  addFeed(
    actor: Actor,
    feed: NewFeed,
    options?: { replace?: boolean; keepCursor?: (old: Feed) => boolean },
  ): Promise<Feed>;
  listFeeds(): Promise<Feed[]>;
  /**
   * Saves a feed's resume point and last outcome; with `secret` (sealed), also rewrites the
   * credential, as sync does with one an older release stored in the clear.
   */
  updateFeedState(feedId: string, state: FeedState): Promise<void>;
  /**
   * Removes a collection that holds no object, grants no organization and receives no feed;
   * otherwise removes nothing and gives back what depends on it. STORE_NOT_FOUND when absent.
   */
  removeCollection(actor: Actor, id: string): Promise<Dependent[]>;
  /**
   * Removes an organization (with its profile and reporting settings) that has no user, grant,
   * site, asset, alert or sighting; otherwise removes nothing and gives back what depends on it.
   */
  removeOrganization(actor: Actor, id: string): Promise<Dependent[]>;
  /**
   * Removes a feed (what it pulled stays in the store, but the warninglists a `warninglists`
   * feed stored go with it: they are its configuration, not intelligence); false when there is
   * none with that id.
   */
  removeFeed(actor: Actor, feedId: string): Promise<boolean>;

  /** Stores one warninglist of a feed, replacing the feed's list of that name unless its digest is the same. */
  putWarninglist(list: Omit<StoredWarninglist, "entryCount" | "updated">): Promise<WarninglistPutOutcome>;
  /** Stored warninglists, by feed then name; of one feed when given; without their entries when `entries` is false. */
  storedWarninglists(filter?: { feedId?: string; entries?: boolean }): Promise<StoredWarninglist[]>;
  /** Removes the named lists of a feed; how many were removed. */
  removeWarninglists(feedId: string, names: readonly string[]): Promise<number>;
  /**
   * A text that changes whenever any stored warninglist is added, replaced or removed (in any
   * process), so a compiled matcher can be kept until it does.
   */
  warninglistsGeneration(): Promise<string>;

  appendAudit(actor: Actor, action: string, target: string, detail: Record<string, unknown>): Promise<void>;
  /** Audit entries after `afterSeq`, oldest first. */
  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;

  /**
   * The stored value of a server setting, or `value` after storing it when there is none yet.
   * Processes asking at once all get the one value stored first. Values may be secrets: the audit
   * row of the creation names the setting only.
   */
  ensureSetting(actor: Actor, name: string, value: string): Promise<string>;
  /** The stored value of a setting, or null when there is none. */
  getSetting(name: string): Promise<string | null>;
  /**
   * Stores a setting's value, replacing the one there (state that moves, such as when the last
   * retro-hunt ran). The audit row names the setting only.
   */
  putSetting(actor: Actor, name: string, value: string): Promise<void>;
}
