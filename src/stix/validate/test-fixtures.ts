/**
 * Small valid objects the validation tests start from; each case changes one thing.
 * Written for these tests (not copied from the spec), with v4 ids of our own.
 */

/** An id of `type` with a fixed v4 UUID. */
export const idOf = (type: string, n = 1): string => `${type}--6b0b3d4e-3f5a-4c1d-9e2f-${String(n).padStart(12, "0")}`;

const T = "2024-03-01T10:00:00.000Z";
const sdo = (type: string, props: Record<string, unknown>): Record<string, unknown> => ({
  type,
  spec_version: "2.1",
  id: idOf(type),
  created: T,
  modified: T,
  ...props,
});

/** One valid object of every STIX 2.1 type, by type. */
export const VALID: Record<string, Record<string, unknown>> = {
  "attack-pattern": sdo("attack-pattern", {
    name: "Spearphishing",
    kill_chain_phases: [{ kill_chain_name: "mitre-attack", phase_name: "initial-access" }],
  }),
  campaign: sdo("campaign", { name: "Op X", first_seen: "2024-01-01T00:00:00Z", last_seen: "2024-02-01T00:00:00Z" }),
  "course-of-action": sdo("course-of-action", { name: "Patch" }),
  grouping: sdo("grouping", { context: "suspicious-activity", object_refs: [idOf("indicator")] }),
  identity: sdo("identity", { name: "CSIRT", identity_class: "organization", sectors: ["government"] }),
  incident: sdo("incident", { name: "Ransomware at ministry" }),
  indicator: sdo("indicator", {
    name: "bad hash",
    indicator_types: ["malicious-activity"],
    pattern: "[file:hashes.'SHA-256' = 'aa']",
    pattern_type: "stix",
    valid_from: "2024-01-01T00:00:00Z",
    valid_until: "2025-01-01T00:00:00Z",
  }),
  infrastructure: sdo("infrastructure", { name: "C2", infrastructure_types: ["command-and-control"] }),
  "intrusion-set": sdo("intrusion-set", { name: "Guacamaya", primary_motivation: "ideology" }),
  location: sdo("location", { country: "mx", latitude: 19.43, longitude: -99.13 }),
  malware: sdo("malware", { name: "LockBit", is_family: true, malware_types: ["ransomware"] }),
  "malware-analysis": sdo("malware-analysis", { product: "sandbox", result: "malicious" }),
  note: sdo("note", { content: "seen twice", object_refs: [idOf("malware")] }),
  "observed-data": sdo("observed-data", {
    first_observed: "2024-01-01T00:00:00Z",
    last_observed: "2024-01-01T01:00:00Z",
    number_observed: 3,
    object_refs: [idOf("ipv4-addr"), idOf("relationship")],
  }),
  opinion: sdo("opinion", { opinion: "agree", object_refs: [idOf("report")] }),
  report: sdo("report", { name: "Weekly", published: "2024-03-01T00:00:00Z", object_refs: [idOf("indicator")] }),
  "threat-actor": sdo("threat-actor", { name: "APT", threat_actor_types: ["nation-state"], sophistication: "expert" }),
  tool: sdo("tool", { name: "psexec", tool_types: ["remote-access"] }),
  vulnerability: sdo("vulnerability", { name: "CVE-2024-0001" }),
  relationship: sdo("relationship", {
    relationship_type: "indicates",
    source_ref: idOf("indicator"),
    target_ref: idOf("malware"),
  }),
  sighting: sdo("sighting", {
    sighting_of_ref: idOf("indicator"),
    count: 2,
    observed_data_refs: [idOf("observed-data")],
    where_sighted_refs: [idOf("identity")],
  }),
  "marking-definition": {
    type: "marking-definition",
    spec_version: "2.1",
    id: idOf("marking-definition"),
    created: T,
    definition_type: "statement",
    definition: { statement: "Copyright Centinela" },
  },
  "language-content": sdo("language-content", {
    object_ref: idOf("indicator"),
    contents: { es: { name: "hash malicioso" } },
  }),
  "extension-definition": sdo("extension-definition", {
    created_by_ref: idOf("identity"),
    name: "ext",
    schema: "https://example.org/schema.json",
    version: "1.0",
    extension_types: ["property-extension"],
  }),
  artifact: { type: "artifact", spec_version: "2.1", id: idOf("artifact"), payload_bin: "aGVsbG8=" },
  "autonomous-system": { type: "autonomous-system", id: idOf("autonomous-system"), number: 15139 },
  directory: { type: "directory", id: idOf("directory"), path: "C:\\Windows" },
  "domain-name": { type: "domain-name", id: idOf("domain-name"), value: "example.com" },
  "email-addr": { type: "email-addr", id: idOf("email-addr"), value: "a@example.com" },
  "email-message": { type: "email-message", id: idOf("email-message"), is_multipart: false, body: "hi" },
  file: { type: "file", id: idOf("file"), name: "a.exe", hashes: { "SHA-256": "ab" } },
  "ipv4-addr": { type: "ipv4-addr", id: idOf("ipv4-addr"), value: "198.51.100.3" },
  "ipv6-addr": { type: "ipv6-addr", id: idOf("ipv6-addr"), value: "2001:db8::1" },
  "mac-addr": { type: "mac-addr", id: idOf("mac-addr"), value: "d2:fb:49:24:37:18" },
  mutex: { type: "mutex", id: idOf("mutex"), name: "Global\\x" },
  "network-traffic": {
    type: "network-traffic",
    id: idOf("network-traffic"),
    src_ref: idOf("ipv4-addr"),
    dst_port: 443,
    protocols: ["ipv4", "tcp"],
  },
  process: { type: "process", id: idOf("process"), pid: 4 },
  software: { type: "software", id: idOf("software"), name: "Word", vendor: "Microsoft" },
  url: { type: "url", id: idOf("url"), value: "https://example.com/x" },
  "user-account": { type: "user-account", id: idOf("user-account"), user_id: "1001", account_type: "unix" },
  "windows-registry-key": {
    type: "windows-registry-key",
    id: idOf("windows-registry-key"),
    key: "HKEY_LOCAL_MACHINE\\Software",
    values: [{ name: "Run", data: "x.exe", data_type: "REG_SZ" }],
  },
  "x509-certificate": { type: "x509-certificate", id: idOf("x509-certificate"), serial_number: "01:02" },
};

/** A copy of VALID[type] with `changes` applied; an `undefined` value deletes the property. */
export function variant(type: string, changes: Record<string, unknown>): Record<string, unknown> {
  const base = VALID[type];
  if (base === undefined) throw new Error(`no fixture for ${type}`);
  const out: Record<string, unknown> = structuredClone(base);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}
