import { type StixObject, TLP_MARKING_IDS, tlpMarkingDefinition } from "../../stix/index.js";
import { convertAttribute } from "./attribute.js";
import { ConvertContext, emptyMispSummary, type MispConvertOptions, type MispSummary } from "./convert-context.js";
import { type MispEvent, mispTime } from "./misp-event.js";
import { convertObject, convertReferences } from "./objects.js";
import { labelTags } from "./tags.js";

/**
 * A MISP event into STIX 2.1: a `report` (a `grouping` while the event is unpublished) whose
 * object_refs list what its attributes, objects and galaxies became, with the producer as an
 * identity and TLP tags as TLP 2.0 markings. Deterministic: the same event gives the same objects.
 */

/** The STIX objects of one event and the counts that account for every attribute. */
export interface MispConversion {
  objects: StixObject[];
  summary: MispSummary;
}

const THREAT_LEVEL: Readonly<Record<string, string>> = { "1": "high", "2": "medium", "3": "low", "4": "undefined" };
const ANALYSIS: Readonly<Record<string, string>> = { "0": "initial", "1": "ongoing", "2": "completed" };

/** Converts one MISP event; `summary` (when given) is added to. */
export function mispEventToStix(
  event: MispEvent,
  options: MispConvertOptions = {},
  summary: MispSummary = emptyMispSummary(),
): MispConversion {
  summary.events++;
  const ctx = new ConvertContext(event, summary, options);
  for (const attr of event.Attribute ?? []) convertAttribute(ctx, attr);
  for (const object of event.Object ?? []) convertObject(ctx, object);
  convertReferences(ctx, event.Object ?? []);
  for (const id of ctx.galaxies(event.Galaxy)) if (!ctx.refs.includes(id)) ctx.refs.push(id);

  const published = ctx.reportId.startsWith("report--");
  const date = mispTime(event.date);
  const created = date !== null && date < ctx.eventTime ? date : ctx.eventTime;
  const labels = labelTags(event.Tag);
  const refs = ctx.refs.length > 0 ? ctx.refs : [ctx.identityId];
  const externals = [
    { source_name: "misp", external_id: event.uuid },
    ...ctx.links.map((l) => ({
      source_name: "misp-link",
      url: l.url,
      ...(l.description ? { description: l.description } : {}),
    })),
  ];
  const report: StixObject = {
    type: published ? "report" : "grouping",
    spec_version: "2.1",
    id: ctx.reportId,
    created,
    modified: ctx.eventTime,
    created_by_ref: ctx.identityId,
    name: event.info && event.info.length > 0 ? event.info : `MISP event ${event.uuid}`,
    ...(published
      ? { report_types: ["threat-report"], published: mispTime(event.publish_timestamp) ?? ctx.eventTime }
      : { context: "suspicious-activity" }),
    object_refs: refs,
    ...(labels.length > 0 ? { labels } : {}),
    external_references: externals,
    ...(ctx.eventTlp ? { object_marking_refs: [TLP_MARKING_IDS[ctx.eventTlp]] } : {}),
    ...(event.threat_level_id !== undefined
      ? { x_misp_threat_level: THREAT_LEVEL[String(event.threat_level_id)] ?? String(event.threat_level_id) }
      : {}),
    ...(event.analysis !== undefined
      ? { x_misp_analysis: ANALYSIS[String(event.analysis)] ?? String(event.analysis) }
      : {}),
    ...(ctx.custom.length > 0 ? { x_misp_attributes: ctx.custom } : {}),
    ...(ctx.customGalaxies.length > 0 ? { x_misp_galaxies: ctx.customGalaxies } : {}),
  };
  const markings = [...ctx.levels].map((level) => tlpMarkingDefinition(level));
  // Markings first, then what refers to them; the report last, after what it refers to.
  return { objects: [...markings, ...ctx.objects.values(), report], summary };
}
