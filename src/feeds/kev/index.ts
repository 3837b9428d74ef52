/** feeds/kev: CISA's Known Exploited Vulnerabilities catalog as a feed kind, on `vulns sync`'s path. */
import { vulnsConnector } from "../vulns/connector.js";

/** The `kev` connector: refreshed daily by default (CISA updates the catalog on working days). */
export const KEV_CONNECTOR = vulnsConnector("kev", 24 * 3600);
