/**
 * Behaviour analytics: exfiltration, lateral fan-out, beaconing and long connections found in
 * connection logs (Zeek conn JSON or TSV, Suricata EVE flow), beside the indicator matching.
 */

export { type AnalyticAlert, type AnalyticsCounts, BehaviourAnalytics } from "./analytics.js";
export { type BeaconScore, scoreBeacon } from "./beacon.js";
export { type ConnFileResult, type ConnRecord, isConnName, readConnections } from "./conn.js";
export {
  AddressClass,
  type AnalyticsOptions,
  DEFAULT_ANALYTICS,
  parseAnalyticsOptions,
  readAnalyticsOptions,
} from "./options.js";
