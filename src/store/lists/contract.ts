import type { Actor } from "../directory/contract.js";

/**
 * The lists area: which indicators each IOC list (a feed or an imported file such as IPsum or
 * URLhaus) held at its last import. A list is a snapshot: a value that is gone from the next
 * snapshot has left the list, and its indicator is then expired (a new version whose
 * `valid_until` is the list's date), never deleted. This membership is what tells which ones
 * left; the indicators themselves are ordinary STIX objects in the objects area.
 *
 *   markListed("ipsum", run, [ids…])   the ids on the list in this run (added or confirmed)
 *   takeDelisted("ipsum", run)         → ids the run did not mark, removed from the membership
 *   lists()                            → [{ name, members, lastRun, lastImported }]
 *
 * Beside it, warninglist flags: which MISP warninglists (known-benign values: public resolvers,
 * CDNs, top sites) an indicator's values were on when it was imported — a store-side label,
 * because the object's own text is kept byte for byte as received — and the per-indicator
 * override a person sets ("alert on it all the same"), which detection honours.
 *
 *   setWarninglistFlags([{ indicatorId, hits: [{ list, value }…] }…])   replaces those indicators' flags
 *   warninglistFlags({ indicatorId?, list? })  → [{ indicatorId, list, value, flagged }]
 *   setWarninglistOverride(actor, id, { allow, by, reason })            audited
 *   warninglistOverrides()                     → [{ indicatorId, by, at, reason }]
 */

/** One warninglist an indicator's value is on. */
export interface WarninglistFlag {
  indicatorId: string;
  /** The warninglist's name, as its list.json gives it. */
  list: string;
  /** The indicator's value found on it. */
  value: string;
  /** When the import flagged it (ISO 8601). */
  flagged: string;
}

/** The warninglists found for one indicator at import; no hits clears its flags. */
export interface WarninglistCheck {
  indicatorId: string;
  hits: readonly { list: string; value: string }[];
}

/** A person's decision that an indicator alerts even where a warninglist would suppress it. */
export interface WarninglistOverride {
  indicatorId: string;
  /** The user name who set it. */
  by: string;
  at: string;
  reason: string | null;
}

/** One IOC list known to the store. */
export interface ListRecord {
  name: string;
  /** Indicators on the list at its last import. */
  members: number;
  /** The run that last imported it. */
  lastRun: string;
  /** When that run finished (ISO 8601). */
  lastImported: string;
}

/** The membership of IOC lists. Operator-side bookkeeping: no TLP applies (it holds only ids). */
export interface ListMembership {
  /** Records that `ids` are on `list` as of `run`; ids already on it are confirmed. */
  markListed(list: string, run: string, ids: readonly string[]): Promise<void>;
  /** The ids on `list` that `run` did not mark (they left the list), removed from the membership. */
  takeDelisted(list: string, run: string): Promise<string[]>;
  /** Every list, by name. */
  lists(): Promise<ListRecord[]>;
  /** Records what each checked indicator's values were found on (replacing its earlier flags). */
  setWarninglistFlags(checks: readonly WarninglistCheck[]): Promise<void>;
  /** Flags, by indicator then list; narrowed to one indicator or one list when given. */
  warninglistFlags(filter?: { indicatorId?: string; list?: string }): Promise<WarninglistFlag[]>;
  /** Sets (allow) or removes the override of one indicator; audited. Returns whether anything changed. */
  setWarninglistOverride(
    actor: Actor,
    indicatorId: string,
    change: { allow: boolean; by: string; reason: string | null },
  ): Promise<boolean>;
  /** Every override, by indicator id. */
  warninglistOverrides(): Promise<WarninglistOverride[]>;
}
