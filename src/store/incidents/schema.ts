/** The incidents area's tables (migrations.ts makes them). */

/** An organization's reporting defaults. */
export interface IncReportingTable {
  org_id: string;
  regime: string;
  time_zone: string;
  updated: string;
}

/** The incidents area's tables. */
export interface IncidentsDatabase {
  inc_reporting: IncReportingTable;
}
