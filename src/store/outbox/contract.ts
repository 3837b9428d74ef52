import type { Actor } from "../directory/contract.js";
import type { InventoryScope } from "../inventory/contract.js";

/**
 * The outbox area: STIX objects anonymized for a partner, held for a person to review before
 * they leave. An item is one push of one input under one policy: the objects as they were, the
 * objects as they would leave, every change between them and what the profile check found.
 * It is pending until an admin of its organization approves or rejects it (access's rulebook,
 * `outbox.approve`); only approved items are sent, once, and then marked sent. Beside the items,
 * push destinations: a partner's TAXII collection with the policy every push to it must follow.
 *
 *   queue(actor, {orgId, policy, to, collection, original, outgoing, changes, issues…}) → OutboxItem (pending)
 *   list(scope, {statuses}) → [OutboxSummary…] oldest first
 *   get(scope, id) → OutboxItem | null
 *   decide(scope, actor, id, {status: approved | rejected, by, reason}) → OutboxItem | null   only from pending; audited
 *   markSent(actor, id, result) → boolean   only from approved; audited
 *   putDestination / destinations / destination(name)
 */

/** Where an item is. */
export type OutboxStatus = "pending" | "approved" | "rejected" | "sent";

/** Every status. */
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ["pending", "approved", "rejected", "sent"];

/** What a push queues. The JSON texts are kept as given. */
export interface OutboxInput {
  orgId: string;
  policy: string;
  /** The destination's name when the push named one, else null. */
  destination: string | null;
  /** The partner's TAXII API root and collection. */
  to: string;
  collection: string;
  /** Where the objects came from (a file name, "-"). */
  source: string;
  /** The user name (or "cli") who queued it. */
  by: string;
  /** JSON array of the objects as read. */
  original: string;
  /** JSON array of the objects that would leave. */
  outgoing: string;
  /** JSON of what anonymizing changed (sharing's ObjectChange[]). */
  changes: string;
  /** JSON of the profile check's findings (sharing's ProfileIssue[]). */
  issues: string;
  /** Profile errors among the issues: an item with any cannot be approved. */
  errors: number;
}

/** One item without its objects: for lists. */
export interface OutboxSummary {
  id: string;
  orgId: string;
  policy: string;
  destination: string | null;
  to: string;
  collection: string;
  source: string;
  status: OutboxStatus;
  objects: number;
  errors: number;
  created: string;
  createdBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  reason: string | null;
  sentAt: string | null;
}

/** One item with its objects, changes, issues and the outcome of sending it. */
export interface OutboxItem extends OutboxSummary {
  original: string;
  outgoing: string;
  changes: string;
  issues: string;
  /** JSON of the TAXII outcome once sent, else null. */
  result: string | null;
}

/** A partner's collection and the policy pushes to it follow. */
export interface PushDestination {
  name: string;
  to: string;
  collection: string;
  policy: string;
  created: string;
}

/** The outbox area. */
export interface OutboxStore {
  /** Queues an item, pending; audited as `outbox.queue`. */
  queue(actor: Actor, input: OutboxInput): Promise<OutboxItem>;
  /** Items the scope sees, oldest first, narrowed to `statuses` when given. */
  list(scope: InventoryScope, filter?: { statuses?: readonly OutboxStatus[] }): Promise<OutboxSummary[]>;
  /** One item, or null when it does not exist or is outside the scope. */
  get(scope: InventoryScope, id: string): Promise<OutboxItem | null>;
  /** Approves or rejects a pending item (null when it is not pending or not in the scope); audited. */
  decide(
    scope: InventoryScope,
    actor: Actor,
    id: string,
    decision: { status: "approved" | "rejected"; by: string; reason: string | null },
  ): Promise<OutboxItem | null>;
  /** Marks an approved item sent with the TAXII outcome; false when it was not approved. Audited. */
  markSent(actor: Actor, id: string, result: string): Promise<boolean>;
  /** Adds a destination, or replaces the one of that name when `replace`; STORE_DUPLICATE otherwise. */
  putDestination(
    actor: Actor,
    d: Omit<PushDestination, "created">,
    options?: { replace?: boolean },
  ): Promise<PushDestination>;
  destinations(): Promise<PushDestination[]>;
  destination(name: string): Promise<PushDestination | null>;
}
