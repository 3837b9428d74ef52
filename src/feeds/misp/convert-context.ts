import { type StixObject, TLP_MARKING_IDS, type TlpLevel } from "../../stix/index.js";
import { clusterObject, stixTypeOfGalaxy } from "./galaxies.js";
import { mispId } from "./ids.js";
import type { MispAttribute, MispEvent, MispGalaxy } from "./misp-event.js";
import { mispTime } from "./misp-event.js";
import { labelTags, tlpOfTags } from "./tags.js";

/**
 * What one conversion of MISP content into STIX carries along: the objects made so far (once
 * each, by id), the count of every attribute by outcome, and the properties every object of the
 * event shares (producer, TLP, time).
 */

/** Counts of one conversion, so nothing the input held goes unaccounted for. */
export interface MispSummary {
  events: number;
  /** Attributes read, standalone and inside objects (deleted ones included). */
  attributes: number;
  /** Attributes (and MISP objects) that became an indicator / observed-data / another SDO. */
  indicators: number;
  observed: number;
  otherObjects: number;
  /** Deleted attributes and objects, skipped as MISP itself hides them. */
  deleted: number;
  /** Attributes kept as `x_misp_attributes` on the report, by MISP type: no STIX equivalent. */
  keptAsCustom: Record<string, number>;
  /** Of those, the types this converter does not know at all. */
  unknownTypes: Record<string, number>;
  /** Values that do not fit their type (kept as custom too), with where and why. */
  invalidValues: { event: string; attribute: string; type: string; reason: string }[];
  /** Galaxy clusters kept as `x_misp_galaxies`, by galaxy type: no STIX object type. */
  galaxiesKept: Record<string, number>;
  /** Sightings that became STIX sightings, and those kept as counts only (false positives, expirations). */
  sightings: number;
  sightingsNotConverted: number;
}

/** A fresh, empty summary. */
export function emptyMispSummary(): MispSummary {
  return {
    events: 0,
    attributes: 0,
    indicators: 0,
    observed: 0,
    otherObjects: 0,
    deleted: 0,
    keptAsCustom: {},
    unknownTypes: {},
    invalidValues: [],
    galaxiesKept: {},
    sightings: 0,
    sightingsNotConverted: 0,
  };
}

/** Options of a conversion. */
export interface MispConvertOptions {
  /**
   * ATT&CK ids (`T1566.001`, `G0007`) already in the store, mapped to their STIX ids: galaxy
   * clusters naming them refer to those objects instead of making new ones.
   */
  attackIds?: ReadonlyMap<string, string>;
}

const IDENTITY_TIME = "2015-01-01T00:00:00.000Z";

/** The conversion state of one event. */
export class ConvertContext {
  readonly objects = new Map<string, StixObject>();
  /** SDOs the report refers to, in order. */
  readonly refs: string[] = [];
  /** Attributes with no STIX equivalent, as they were (becomes the report's x_misp_attributes). */
  readonly custom: Record<string, unknown>[] = [];
  readonly customGalaxies: Record<string, unknown>[] = [];
  readonly links: { url: string; description?: string }[] = [];
  /** STIX id of each converted MISP attribute and object, for ObjectReferences. */
  readonly byMispUuid = new Map<string, string>();
  readonly levels = new Set<TlpLevel>();
  readonly reportId: string;
  readonly identityId: string;
  readonly eventTime: string;
  readonly eventTlp: TlpLevel | null;

  constructor(
    readonly event: MispEvent,
    readonly summary: MispSummary,
    readonly options: MispConvertOptions,
  ) {
    const published = event.published === undefined || event.published === true || String(event.published) === "1";
    this.reportId = mispId(published ? "report" : "grouping", event.uuid);
    this.eventTime = mispTime(event.timestamp) ?? mispTime(event.date) ?? new Date(0).toISOString();
    this.eventTlp = tlpOfTags(event.Tag);
    if (this.eventTlp) this.levels.add(this.eventTlp);
    // An event without its organisation still gets a producer, so the report always names one.
    const found = event.Orgc ?? event.Org;
    const org = found && (found.uuid || found.name) ? found : { name: "Unknown MISP organisation" };
    this.identityId = mispId("identity", org.uuid ?? org.name!);
    this.add({
      type: "identity",
      spec_version: "2.1",
      id: this.identityId,
      created: IDENTITY_TIME,
      modified: IDENTITY_TIME,
      name: org.name ?? org.uuid!,
      identity_class: "organization",
      ...(org.uuid ? { external_references: [{ source_name: "misp-organisation", external_id: org.uuid }] } : {}),
    });
  }

  /** Adds an object (the first of an id wins); `ref` also lists it in the report. */
  add(object: StixObject, ref = false): void {
    if (this.objects.has(object.id)) return;
    this.objects.set(object.id, object);
    if (ref) this.refs.push(object.id);
  }

  /** created/modified, producer, TLP and labels of an object made from an attribute (or object). */
  common(attr: Pick<MispAttribute, "timestamp" | "Tag">): Record<string, unknown> {
    const time = mispTime(attr.timestamp) ?? this.eventTime;
    const level = tlpOfTags(attr.Tag) ?? this.eventTlp;
    if (level) this.levels.add(level);
    const labels = labelTags(attr.Tag);
    return {
      spec_version: "2.1",
      created: time,
      modified: time,
      created_by_ref: this.identityId,
      ...(labels.length > 0 ? { labels } : {}),
      ...(level ? { object_marking_refs: [TLP_MARKING_IDS[level]] } : {}),
    };
  }

  /** Counts an attribute kept as a custom property, under its type. */
  keep(attr: MispAttribute, extra: Record<string, unknown> = {}): void {
    const type = typeof attr.type === "string" ? attr.type : "(no type)";
    this.summary.keptAsCustom[type] = (this.summary.keptAsCustom[type] ?? 0) + 1;
    const entry: Record<string, unknown> = { type, value: attr.value };
    for (const k of ["uuid", "category", "to_ids", "comment", "timestamp", "object_relation"] as const) {
      if (attr[k] !== undefined && attr[k] !== null && attr[k] !== "") entry[k] = attr[k];
    }
    this.custom.push({ ...entry, ...extra });
  }

  /**
   * The STIX objects of the galaxies (event's or attribute's), added to the conversion; returns
   * their ids. Clusters of galaxies without a STIX type are kept as x_misp_galaxies.
   */
  galaxies(galaxies: readonly MispGalaxy[] | undefined): string[] {
    const ids: string[] = [];
    for (const galaxy of galaxies ?? []) {
      const stixType = stixTypeOfGalaxy(galaxy.type);
      for (const cluster of galaxy.GalaxyCluster ?? []) {
        if (typeof cluster?.value !== "string") continue;
        if (stixType === null) {
          const type = galaxy.type ?? "(no type)";
          this.summary.galaxiesKept[type] = (this.summary.galaxiesKept[type] ?? 0) + 1;
          this.customGalaxies.push({ galaxy: type, value: cluster.value, uuid: cluster.uuid });
          continue;
        }
        const object = clusterObject(cluster, stixType, galaxy.type!);
        const attackId = object.external_references?.find((r) => r.source_name === "mitre-attack")?.external_id;
        const known = attackId ? this.options.attackIds?.get(attackId) : undefined;
        if (known !== undefined) ids.push(known);
        else {
          if (!this.objects.has(object.id)) this.summary.otherObjects++;
          this.add(object);
          ids.push(object.id);
        }
      }
    }
    return ids;
  }
}
