import type { ReportingSettings, Store } from "../store/index.js";
import { DEFAULT_TIME_ZONE } from "./input.js";
import { checkMember, type IncidentActor, resolveOrg } from "./persist.js";
import { parseRegime, type RegimeId } from "./regimes.js";
import { checkTimeZone } from "./zoned-time.js";

/**
 * Each organization's reporting defaults: the regime its incidents are reported under and the
 * zone of its clock. A new report takes them unless it names its own; an organization that
 * never set them reports under mx-apf on Mexico City's clock.
 */

/** An organization's defaults as reports use them. */
export interface ReportingDefaults {
  orgId: string;
  regime: RegimeId;
  timeZone: string;
  /** False when the organization never set them (the product's defaults). */
  configured: boolean;
}

/** The defaults of an organization (id or name). */
export async function reportingDefaults(store: Store, org: string): Promise<ReportingDefaults> {
  const { id } = await resolveOrg(store, org);
  return fromStored(id, await store.incidents.getReporting(id));
}

function fromStored(orgId: string, s: ReportingSettings | null): ReportingDefaults {
  return s
    ? { orgId, regime: parseRegime(s.regime), timeZone: s.timeZone, configured: true }
    : { orgId, regime: "mx-apf", timeZone: DEFAULT_TIME_ZONE, configured: false };
}

/**
 * Sets an organization's defaults (what is not given stays as it was): checked in full first —
 * a known regime, an IANA zone, a caller access lets report for the organization — then one
 * write with its audit entry.
 */
export async function setReportingDefaults(
  store: Store,
  who: IncidentActor,
  org: string,
  change: { regime?: string; timeZone?: string },
): Promise<ReportingDefaults> {
  const { id } = await resolveOrg(store, org);
  checkMember(who, id, "report");
  const now = fromStored(id, await store.incidents.getReporting(id));
  const regime = change.regime === undefined ? now.regime : parseRegime(change.regime);
  const timeZone = change.timeZone === undefined ? now.timeZone : checkTimeZone(change.timeZone.trim());
  await store.incidents.setReporting(who.audit, { orgId: id, regime, timeZone });
  return { orgId: id, regime, timeZone, configured: true };
}
