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

/** The lists area's tables. */
export interface ListsDatabase {
  list_members: ListMembersTable;
  lists: ListsTable;
}
