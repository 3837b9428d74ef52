/** feeds/epss: FIRST's EPSS scores as a feed kind, on `vulns sync`'s path. */
import { vulnsConnector } from "../vulns/connector.js";

/** The `epss` connector: daily by default (FIRST publishes the scores once a day). */
export const EPSS_CONNECTOR = vulnsConnector("epss", 24 * 3600);
