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
 */

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
}
