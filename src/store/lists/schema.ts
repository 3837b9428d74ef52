/** One indicator on one IOC list: the run that last saw it there. */
export interface ListMembersTable {
  list: string;
  indicator_id: string;
  run: string;
}

/** One IOC list: its last run. */
export interface ListsTable {
  name: string;
  last_run: string;
  last_imported: string;
}

/** One warninglist an indicator's value was on at import. */
export interface WarninglistFlagsTable {
  indicator_id: string;
  list: string;
  value: string;
  flagged: string;
}

/** An indicator that alerts even where a warninglist would suppress it. */
export interface WarninglistOverridesTable {
  indicator_id: string;
  by_user: string;
  at: string;
  reason: string | null;
}

/** The lists area's tables. */
export interface ListsDatabase {
  list_members: ListMembersTable;
  lists: ListsTable;
  warninglist_flags: WarninglistFlagsTable;
  warninglist_overrides: WarninglistOverridesTable;
}
