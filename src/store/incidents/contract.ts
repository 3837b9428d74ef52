import type { Actor } from "../directory/contract.js";

/**
 * The incidents area's contract: what each organization configured for its incident reports.
 *
 *   incidents.getReporting(orgId)          →  ReportingSettings | null     null: never configured
 *   incidents.setReporting(actor, input)   →  ReportingSettings            upsert, audited
 *
 * The store keeps the values as given; the incidents module checks them (a known regime, an IANA
 * time zone) before it writes and applies them as the defaults of every new report.
 */

/** An organization's reporting defaults. */
export interface ReportingSettings {
  orgId: string;
  /** Reporting regime id (mx-apf, nis2, circia, none). */
  regime: string;
  /** IANA zone of the organization's clock. */
  timeZone: string;
  /** The partner TAXII collection its reports are submitted to (API root and collection id), or null: the local hub. */
  submitTo: { apiRoot: string; collection: string } | null;
  /** When it was last set (RFC 3339). */
  updated: string;
}

/** The incidents area. */
export interface IncidentSettingsStore {
  /** The organization's reporting defaults, or null when never set. */
  getReporting(orgId: string): Promise<ReportingSettings | null>;
  /** Sets them (STORE_NOT_FOUND for an unknown organization); one audit entry. */
  setReporting(actor: Actor, input: Omit<ReportingSettings, "updated">): Promise<ReportingSettings>;
}
