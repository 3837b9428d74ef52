import type { ReportingSettings, Store } from "../store/index.js";
import { IncidentError } from "./errors.js";
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
  /** The partner TAXII collection `incident submit` sends to, or null: the local hub. */
  submitTo: PartnerCollection | null;
  /** False when the organization never set them (the product's defaults). */
  configured: boolean;
}

/** A TAXII 2.1 collection of a partner (the national CSIRT's server): API root URL and collection id. */
export interface PartnerCollection {
  apiRoot: string;
  collection: string;
}

/** The defaults of an organization (id or name). */
export async function reportingDefaults(store: Store, org: string): Promise<ReportingDefaults> {
  const { id } = await resolveOrg(store, org);
  return fromStored(id, await store.incidents.getReporting(id));
}

function fromStored(orgId: string, s: ReportingSettings | null): ReportingDefaults {
  return s
    ? { orgId, regime: parseRegime(s.regime), timeZone: s.timeZone, submitTo: s.submitTo, configured: true }
    : { orgId, regime: "mx-apf", timeZone: DEFAULT_TIME_ZONE, submitTo: null, configured: false };
}

/** A partner collection as given; throws INCIDENT_BAD_VALUE for a URL that is not http(s) or an empty collection. */
function checkPartner(p: PartnerCollection): PartnerCollection {
  let url: URL | null = null;
  try {
    url = new URL(p.apiRoot.trim());
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:"))
    throw new IncidentError("INCIDENT_BAD_VALUE", {
      field: "--submit-to",
      value: p.apiRoot,
      allowed: "https://csirt.example/taxii2/api/",
    });
  const collection = p.collection.trim();
  if (!collection) throw new IncidentError("INCIDENT_EMPTY", { field: "--submit-collection" });
  return { apiRoot: url.toString().replace(/\/?$/, "/"), collection };
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
  change: { regime?: string; timeZone?: string; submitTo?: PartnerCollection | null },
): Promise<ReportingDefaults> {
  const { id } = await resolveOrg(store, org);
  checkMember(who, id, "report");
  const now = fromStored(id, await store.incidents.getReporting(id));
  const regime = change.regime === undefined ? now.regime : parseRegime(change.regime);
  const timeZone = change.timeZone === undefined ? now.timeZone : checkTimeZone(change.timeZone.trim());
  const submitTo =
    change.submitTo === undefined ? now.submitTo : change.submitTo === null ? null : checkPartner(change.submitTo);
  await store.incidents.setReporting(who.audit, { orgId: id, regime, timeZone, submitTo });
  return { orgId: id, regime, timeZone, submitTo, configured: true };
}
