import type { ExternalReference, StixObject } from "../../stix/index.js";
import { mispId } from "./ids.js";
import type { MispGalaxyCluster } from "./misp-event.js";

/**
 * MISP galaxy clusters as STIX domain objects: threat actors, intrusion sets, malware, tools,
 * attack patterns and courses of action, with ATT&CK ids as `mitre-attack` external references.
 * Clusters carry no time, so created/modified is a fixed date plus the cluster's version in
 * seconds: a newer galaxy release is a newer STIX version, the same release is the same one.
 */

/** STIX type for each galaxy type that has one (MISP galaxy `type` field). */
const STIX_TYPE_OF_GALAXY: Readonly<Record<string, string>> = {
  "threat-actor": "threat-actor",
  "microsoft-activity-group": "intrusion-set",
  "mitre-intrusion-set": "intrusion-set",
  "mitre-enterprise-attack-intrusion-set": "intrusion-set",
  "mitre-mobile-attack-intrusion-set": "intrusion-set",
  "mitre-attack-pattern": "attack-pattern",
  "mitre-enterprise-attack-attack-pattern": "attack-pattern",
  "mitre-mobile-attack-attack-pattern": "attack-pattern",
  "mitre-pre-attack-attack-pattern": "attack-pattern",
  "mitre-ics-techniques": "attack-pattern",
  "mitre-malware": "malware",
  "mitre-enterprise-attack-malware": "malware",
  "mitre-mobile-attack-malware": "malware",
  malpedia: "malware",
  ransomware: "malware",
  banker: "malware",
  rat: "malware",
  stealer: "malware",
  botnet: "malware",
  backdoor: "malware",
  android: "malware",
  "exploit-kit": "malware",
  "mitre-tool": "tool",
  "mitre-enterprise-attack-tool": "tool",
  "mitre-mobile-attack-tool": "tool",
  tool: "tool",
  "mitre-course-of-action": "course-of-action",
  "mitre-enterprise-attack-course-of-action": "course-of-action",
};

/** The STIX type a galaxy type becomes, or null when STIX has none (kept as a custom property). */
export function stixTypeOfGalaxy(galaxyType: string | undefined): string | null {
  return galaxyType === undefined ? null : (STIX_TYPE_OF_GALAXY[galaxyType] ?? null);
}

const EPOCH = Date.parse("2015-01-01T00:00:00Z");
const ATTACK_ID = /^(T\d{4}(?:\.\d{3})?|G\d{4}|S\d{4}|M\d{4}|TA\d{4}|C\d{4})$/;

/** The ATT&CK id of a cluster (meta.external_id, or a ` - T1566.001` suffix of its value), or null. */
export function attackIdOf(cluster: MispGalaxyCluster): string | null {
  const ext = cluster.meta?.external_id;
  const listed = Array.isArray(ext) ? ext : typeof ext === "string" ? [ext] : [];
  for (const id of listed) if (typeof id === "string" && ATTACK_ID.test(id)) return id;
  const suffix = / - ((?:T|G|S|M)\d{4}(?:\.\d{3})?)$/.exec(cluster.value)?.[1];
  return suffix ?? null;
}

/** The attack.mitre.org page of an ATT&CK id. */
function attackUrl(id: string): string {
  const kind =
    { T: "techniques", G: "groups", S: "software", M: "mitigations", C: "campaigns" }[id[0]!] ?? "techniques";
  return `https://attack.mitre.org/${kind}/${id.replace(".", "/")}`;
}

const strings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === "string" ? [v] : []).filter((s): s is string => typeof s === "string");

/** Properties of meta that become STIX properties; the rest is kept under x_misp_meta. */
const USED_META = new Set(["synonyms", "refs", "external_id", "kill_chain"]);

/**
 * The STIX object of one cluster of the given STIX type. Its id is derived from the cluster's
 * uuid (or, lacking one, its galaxy type and value), so every event naming it names one object.
 */
export function clusterObject(
  cluster: MispGalaxyCluster,
  stixType: string,
  galaxyType: string,
  galaxyVersion?: number,
): StixObject {
  const version = Number(galaxyVersion ?? cluster.version ?? 0);
  const time = new Date(EPOCH + (Number.isFinite(version) ? version : 0) * 1000).toISOString();
  const attackId = attackIdOf(cluster);
  const name = attackId ? cluster.value.replace(/ - [TGSM]\d{4}(?:\.\d{3})?$/, "") : cluster.value;
  const refs: ExternalReference[] = [];
  if (attackId) refs.push({ source_name: "mitre-attack", external_id: attackId, url: attackUrl(attackId) });
  if (cluster.uuid) refs.push({ source_name: `misp-galaxy:${galaxyType}`, external_id: cluster.uuid });
  for (const url of strings(cluster.meta?.refs)) refs.push({ source_name: "misp-galaxy-ref", url });
  const object: StixObject = {
    type: stixType,
    spec_version: "2.1",
    id: mispId(stixType, cluster.uuid ?? `${galaxyType}=${cluster.value}`),
    created: time,
    modified: time,
    name,
  };
  if (cluster.description) object.description = cluster.description;
  const synonyms = strings(cluster.meta?.synonyms).filter((s) => s !== name);
  if (synonyms.length > 0 && stixType !== "attack-pattern" && stixType !== "course-of-action") {
    object.aliases = synonyms;
  }
  if (stixType === "malware") object.is_family = true;
  const phases = strings(cluster.meta?.kill_chain).map((k) => {
    const parts = k.split(":");
    return { kill_chain_name: parts[0]!, phase_name: parts[parts.length - 1]! };
  });
  if (phases.length > 0 && (stixType === "attack-pattern" || stixType === "malware" || stixType === "tool")) {
    object.kill_chain_phases = phases;
  }
  if (refs.length > 0) object.external_references = refs;
  const rest = Object.fromEntries(Object.entries(cluster.meta ?? {}).filter(([k]) => !USED_META.has(k)));
  if (Object.keys(rest).length > 0) object.x_misp_meta = rest;
  return object;
}

/** A galaxy cluster file of misp-galaxy (`clusters/threat-actor.json`): name, type, uuid, version, values. */
export interface GalaxyClusterFile {
  name?: string;
  type: string;
  uuid?: string;
  version?: number;
  values: MispGalaxyCluster[];
}

/** True when a parsed JSON document is a misp-galaxy cluster file. */
export function looksLikeGalaxyFile(document: unknown): document is GalaxyClusterFile {
  if (document === null || typeof document !== "object" || Array.isArray(document)) return false;
  const d = document as Record<string, unknown>;
  return typeof d.type === "string" && Array.isArray(d.values) && typeof d.uuid === "string" && !("spec_version" in d);
}

/**
 * Every cluster of a galaxy file as STIX objects, with `related-to` relationships between
 * clusters of the same file; throws when the galaxy type has no STIX equivalent.
 */
export function galaxyFileToStix(file: GalaxyClusterFile): { objects: StixObject[]; skipped: string[] } {
  const stixType = stixTypeOfGalaxy(file.type);
  if (stixType === null) {
    throw new Error(
      `galaxy type "${file.type}" has no STIX object type; supported: ${Object.keys(STIX_TYPE_OF_GALAXY).join(", ")}`,
    );
  }
  const objects: StixObject[] = [];
  const skipped: string[] = [];
  const idOf = new Map<string, string>();
  for (const cluster of file.values) {
    if (typeof cluster?.value !== "string" || cluster.value.length === 0) {
      skipped.push(`cluster ${cluster?.uuid ?? "(no uuid)"} has no value`);
      continue;
    }
    const object = clusterObject(cluster, stixType, file.type, file.version ?? 0);
    objects.push(object);
    if (cluster.uuid) idOf.set(cluster.uuid, object.id);
  }
  for (const cluster of file.values) {
    const source = cluster?.uuid ? idOf.get(cluster.uuid) : undefined;
    if (source === undefined) continue;
    for (const rel of cluster.related ?? []) {
      const target = idOf.get(rel["dest-uuid"]);
      if (target === undefined || target === source) continue;
      const time = objects.find((o) => o.id === source)!.modified!;
      objects.push({
        type: "relationship",
        spec_version: "2.1",
        id: mispId("relationship", `${cluster.uuid}>${rel["dest-uuid"]}:${rel.type ?? "related-to"}`),
        created: time,
        modified: time,
        relationship_type: "related-to",
        source_ref: source,
        target_ref: target,
        ...(rel.type ? { description: `MISP galaxy relation: ${rel.type}` } : {}),
      });
    }
  }
  return { objects, skipped };
}
