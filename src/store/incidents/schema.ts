/** The incidents area's tables (migrations.ts makes them). */

/** An organization's reporting defaults. */
export interface IncReportingTable {
  org_id: string;
  regime: string;
  time_zone: string;
  /** Migration 81. */
  submit_api_root: string | null;
  submit_collection: string | null;
  updated: string;
}

/** The incidents area's tables. */
export interface IncidentsDatabase {
  inc_reporting: IncReportingTable;
}
