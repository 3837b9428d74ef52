import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type StixObject, uuidV5 } from "../../stix/index.js";
import { eventValueHashes } from "./hashes.js";
import { MISP_NAMESPACE } from "./ids.js";
import type { MispAttribute, MispEvent, MispGalaxy } from "./misp-event.js";
import { type MispPart, stixToMisp, tagsOf } from "./stix-to-misp.js";

/**
 * STIX out as a MISP feed (the layout MISP's "Add feed" reads, as PyMISP's feed generator
 * writes it): `manifest.json`, one `<uuid>.json` per event, `hashes.csv`. Each report or
 * grouping is one event holding what it refers to; indicators and observations in no report go
 * to catch-all events of at most CATCH_ALL_SIZE attributes. What the source yields is what the
 * reader may see: the store's reads apply TLP before anything reaches this file.
 */

/** The objects of the feed: the last version of each object of these types the reader may see. */
export interface MispFeedSource {
  objects(types: readonly string[]): AsyncIterable<StixObject>;
}

/** Counts of one feed export. */
export interface MispFeedSummary {
  events: number;
  attributes: number;
  objects: number;
  galaxyClusters: number;
  /** STIX objects with no MISP form, by type and reason. */
  notExported: Record<string, number>;
}

/** Attributes per catch-all event. */
export const CATCH_ALL_SIZE = 10_000;

const CONTENT_TYPES = ["indicator", "observed-data", "vulnerability", "campaign", "threat-actor", "note"];
const GALAXY_TYPES = ["threat-actor", "intrusion-set", "malware", "tool", "attack-pattern", "course-of-action"];
const SCO_TYPES = [
  "ipv4-addr",
  "ipv6-addr",
  "domain-name",
  "url",
  "file",
  "email-addr",
  "email-message",
  "network-traffic",
  "mutex",
  "windows-registry-key",
  "autonomous-system",
  "mac-addr",
  "x509-certificate",
];
const THREAT_LEVEL: Readonly<Record<string, string>> = { high: "1", medium: "2", low: "3", undefined: "4" };
const ANALYSIS: Readonly<Record<string, string>> = { initial: "0", ongoing: "1", completed: "2" };

const seconds = (time: unknown): number =>
  typeof time === "string" && !Number.isNaN(Date.parse(time)) ? Math.floor(Date.parse(time) / 1000) : 0;
const uuidOf = (id: string): string => id.slice(id.indexOf("--") + 2);

/** The galaxy cluster of a threat actor, malware, technique… (the way back of galaxies.ts). */
function clusterOf(object: StixObject): { galaxyType: string; galaxy: MispGalaxy } {
  const refs = object.external_references ?? [];
  const own = refs.find((r) => r.source_name.startsWith("misp-galaxy:"));
  const attackId = refs.find((r) => r.source_name === "mitre-attack")?.external_id;
  const mitre = attackId !== undefined;
  const galaxyType =
    own?.source_name.slice("misp-galaxy:".length) ??
    ({
      "threat-actor": "threat-actor",
      "intrusion-set": "mitre-intrusion-set",
      malware: mitre ? "mitre-malware" : "malpedia",
      tool: mitre ? "mitre-tool" : "tool",
      "attack-pattern": "mitre-attack-pattern",
      "course-of-action": "mitre-course-of-action",
    }[object.type] as string);
  const name = String(object.name ?? "");
  const value = attackId && galaxyType.startsWith("mitre-") ? `${name} - ${attackId}` : name;
  const meta: Record<string, unknown> = { ...((object.x_misp_meta as Record<string, unknown>) ?? {}) };
  if (Array.isArray(object.aliases) && object.aliases.length > 0) meta.synonyms = object.aliases;
  const urls = refs.filter((r) => r.source_name === "misp-galaxy-ref" && r.url).map((r) => r.url);
  if (urls.length > 0) meta.refs = urls;
  if (attackId) meta.external_id = [attackId];
  const phases = Array.isArray(object.kill_chain_phases) ? object.kill_chain_phases : [];
  if (phases.length > 0) {
    meta.kill_chain = phases.map(
      (p: { kill_chain_name: string; phase_name: string }) => `${p.kill_chain_name}:${p.phase_name}`,
    );
  }
  const cluster = {
    uuid: own?.external_id ?? uuidOf(object.id),
    type: galaxyType,
    value,
    description: typeof object.description === "string" ? object.description : "",
    tag_name: `misp-galaxy:${galaxyType}="${value}"`,
    meta,
  };
  return { galaxyType, galaxy: { type: galaxyType, name: galaxyType, GalaxyCluster: [cluster] } };
}

/** A MISP event (without content yet) for a report or grouping. */
function eventOf(report: StixObject, orgs: ReadonlyMap<string, { name: string; uuid: string }>): MispEvent {
  const misp = report.external_references?.find((r) => r.source_name === "misp")?.external_id;
  const published = report.type === "report";
  const when = String(report.created ?? report.published ?? report.modified ?? "");
  const org = typeof report.created_by_ref === "string" ? orgs.get(report.created_by_ref) : undefined;
  const event: MispEvent = {
    uuid: misp ?? uuidOf(report.id),
    info: String(report.name ?? ""),
    date: when.slice(0, 10),
    timestamp: String(seconds(report.modified ?? report.created)),
    published,
    analysis: ANALYSIS[String(report.x_misp_analysis)] ?? "2",
    threat_level_id: THREAT_LEVEL[String(report.x_misp_threat_level)] ?? "4",
    Tag: tagsOf(report),
    Attribute: [],
    Object: [],
    Galaxy: [],
  };
  if (published) event.publish_timestamp = String(seconds(report.published));
  if (org) event.Orgc = org;
  for (const kept of (report.x_misp_attributes as Record<string, unknown>[] | undefined) ?? []) {
    if (typeof kept.object === "string") {
      const attributes = (kept.attributes as MispAttribute[]) ?? [];
      event.Object!.push({ name: kept.object, uuid: kept.uuid as string | undefined, Attribute: attributes });
      continue;
    }
    const { x_invalid: _invalid, ...attr } = kept;
    event.Attribute!.push(attr as unknown as MispAttribute);
  }
  for (const ref of report.external_references ?? []) {
    if (ref.source_name !== "misp-link" || !ref.url) continue;
    event.Attribute!.push({
      uuid: uuidV5(MISP_NAMESPACE, `link:${event.uuid}:${ref.url}`),
      type: "link",
      category: "External analysis",
      value: ref.url,
      to_ids: false,
      comment: ref.description ?? "",
      timestamp: event.timestamp,
    });
  }
  return event;
}

/** Builds the events of a feed from what the source yields. */
export async function buildMispFeed(
  source: MispFeedSource,
): Promise<{ events: MispEvent[]; summary: MispFeedSummary }> {
  const summary: MispFeedSummary = { events: 0, attributes: 0, objects: 0, galaxyClusters: 0, notExported: {} };
  const orgs = new Map<string, { name: string; uuid: string }>();
  for await (const identity of source.objects(["identity"])) {
    const misp = identity.external_references?.find((r) => r.source_name === "misp-organisation")?.external_id;
    orgs.set(identity.id, { name: String(identity.name ?? ""), uuid: misp ?? uuidOf(identity.id) });
  }
  const events = new Map<string, MispEvent>();
  const member = new Map<string, string[]>();
  for await (const report of source.objects(["report", "grouping"])) {
    const event = eventOf(report, orgs);
    summary.attributes += event.Attribute!.length;
    summary.objects += event.Object!.length;
    events.set(report.id, event);
    for (const ref of (report.object_refs as string[] | undefined) ?? []) {
      member.set(ref, [...(member.get(ref) ?? []), report.id]);
    }
  }
  const scos = new Map<string, StixObject>();
  for await (const sco of source.objects(SCO_TYPES)) scos.set(sco.id, sco);
  const catchAll: MispEvent[] = [];
  const looseEvent = (modified: number): MispEvent => {
    let last = catchAll[catchAll.length - 1];
    if (last === undefined || (last.Attribute?.length ?? 0) + (last.Object?.length ?? 0) >= CATCH_ALL_SIZE) {
      const n = catchAll.length;
      last = {
        uuid: uuidV5(MISP_NAMESPACE, `centinela-catch-all:${n}`),
        info: `Centinela: indicators and observations in no report (${n + 1})`,
        date: new Date(modified * 1000).toISOString().slice(0, 10),
        timestamp: "0",
        published: true,
        analysis: "2",
        threat_level_id: "4",
        Attribute: [],
        Object: [],
        Tag: [],
      };
      catchAll.push(last);
    }
    if (modified > Number(last.timestamp)) {
      last.timestamp = String(modified);
      last.publish_timestamp = String(modified);
      last.date = new Date(modified * 1000).toISOString().slice(0, 10);
    }
    return last;
  };
  const place = (event: MispEvent, part: MispPart): void => {
    if (part.kind === "attributes") {
      event.Attribute!.push(...part.attributes);
      summary.attributes += part.attributes.length;
    } else if (part.kind === "object") {
      event.Object!.push(part.object);
      summary.objects++;
    }
  };
  const galaxyIds = new Set<string>();
  for await (const object of source.objects(GALAXY_TYPES)) {
    if (object.type === "threat-actor" && object.x_misp_type === "threat-actor") continue;
    galaxyIds.add(object.id);
    if (!member.has(object.id)) {
      // A cluster lives in an event; one that no report names has none to go in.
      const key = `${object.type}: in no report (MISP keeps galaxy clusters in events)`;
      summary.notExported[key] = (summary.notExported[key] ?? 0) + 1;
    }
    for (const reportId of member.get(object.id) ?? []) {
      events.get(reportId)?.Galaxy?.push(clusterOf(object).galaxy);
      summary.galaxyClusters++;
    }
  }
  for await (const object of source.objects(CONTENT_TYPES)) {
    if (galaxyIds.has(object.id)) continue;
    const part = stixToMisp(object, (id) => scos.get(id));
    if (part.kind === "none") {
      const key = `${object.type}: ${part.reason}`;
      summary.notExported[key] = (summary.notExported[key] ?? 0) + 1;
      continue;
    }
    const inReports = (member.get(object.id) ?? []).map((id) => events.get(id)).filter((e) => e !== undefined);
    if (inReports.length === 0) place(looseEvent(seconds(object.modified ?? object.created)), part);
    for (const event of inReports) place(event, part);
  }
  const all = [...events.values(), ...catchAll];
  summary.events = all.length;
  return { events: all, summary };
}

/** The md5 of every value (each part of a composite one) with its event, as hashes.csv lists them. */
function hashLines(event: MispEvent): string[] {
  return [...eventValueHashes(event, { withDeleted: true }).keys()].map((hash) => `${hash},${event.uuid}`);
}

/**
 * The files of a feed, by name, in the order they are to be written: each event's
 * `<uuid>.json`, then `hashes.csv`, then `manifest.json` last. What `writeMispFeed` writes and
 * what the REST API serves, byte for byte.
 */
export function mispFeedFiles(events: readonly MispEvent[]): Map<string, string> {
  const files = new Map<string, string>();
  const manifest: Record<string, unknown> = {};
  const hashes: string[] = [];
  for (const event of events) {
    files.set(`${event.uuid}.json`, `${JSON.stringify({ Event: event })}\n`);
    manifest[event.uuid] = {
      info: event.info,
      date: event.date,
      analysis: event.analysis,
      threat_level_id: event.threat_level_id,
      timestamp: event.timestamp,
      published: event.published,
      ...(event.Orgc ? { Orgc: event.Orgc } : {}),
      Tag: event.Tag ?? [],
    };
    hashes.push(...hashLines(event));
  }
  files.set("hashes.csv", hashes.length > 0 ? `${hashes.join("\n")}\n` : "");
  files.set("manifest.json", `${JSON.stringify(manifest)}\n`);
  return files;
}

/**
 * Writes the feed into `dir` (made when missing): each event file, then hashes.csv, then
 * manifest.json last, each through a temporary name, so a MISP that reads the folder meanwhile
 * sees the old feed or the new one, never half of one.
 */
export async function writeMispFeed(dir: string, events: readonly MispEvent[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, text] of mispFeedFiles(events)) {
    const temp = join(dir, `.${name}.tmp`);
    await writeFile(temp, text);
    await rename(temp, join(dir, name));
  }
}
