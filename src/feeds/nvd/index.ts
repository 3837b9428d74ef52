/** feeds/nvd: NVD CVE 2.0 records (an API URL, a file or a folder) as a feed kind, on `vulns sync`'s path. */
import { vulnsConnector } from "../vulns/connector.js";

/** The `nvd` connector: every 6 hours by default (NVD asks clients not to poll more often than every 2). */
export const NVD_CONNECTOR = vulnsConnector("nvd", 6 * 3600);
