import {
  CENTINELA_STIX_NAMESPACE,
  canonicalJson,
  organizationIdentityId,
  type StixObject,
  TLP_MARKING_IDS,
  type TlpLevel,
  tlpLevelOfMarking,
  tlpMarkingDefinition,
  uuidV5,
} from "../stix/index.js";
import { IncidentError } from "./errors.js";
import type { RegimeId } from "./regimes.js";
import type { ActorRef, AssetRef, Determination, IncidentRecord, Recoverability } from "./types.js";
import type { IncidentStatus } from "./workflow.js";

/**
 * The incident as STIX 2.1: an `incident` with the Incident Core extension, the Event and Impact
 * SDOs of the same suite, the reporting organization's identity and state, the affected assets
 * as infrastructure, the attributed threat actor, and the relationships between them — every
 * object under the organization's TLP marking.
 *
 *   incident ──targets──────► identity (organization) ──located-at──► location (state)
 *      │  ├──impacts────────► infrastructure (asset) …
 *      │  └──attributed-to──► threat-actor
 *      ├─ Incident Core: events ► event (awareness, ransom payment)   impact_refs ► impact
 *
 * Related objects have ids derived from their content (events, impacts) or from what they stand
 * for (identity, location, infrastructure, relationships), so writing a new version of the
 * incident writes the same related objects again, unchanged, and never a conflicting version.
 */

/** Incident Core (property-extension of `incident`). */
export const INCIDENT_CORE_EXT = "extension-definition--ef765651-680c-498d-9894-99799f2fa126";
/** Event (new SDO). */
export const EVENT_EXT = "extension-definition--4ca6de00-5b0d-45ef-a1dc-ea7279ea910e";
/** Impact (new SDO). */
export const IMPACT_EXT = "extension-definition--7cc33dd6-f6a1-489b-98ea-522d351d71b9";
/** The custom property holding Centinela's reporting facts. */
export const CENTINELA_PROP = "x_centinela_incident";

/** A fixed timestamp for objects that stand for the same thing in every report (a state). */
const REFERENCE_TIME = "2025-12-17T00:00:00.000Z";

const SECTOR_VOCAB: Readonly<Record<string, string>> = {
  transport: "transportation",
  finance: "financial-services",
  health: "healthcare",
  government: "government-national",
  "information-technology": "technology",
};

const sdoId = (type: string, name: string) => `${type}--${uuidV5(CENTINELA_STIX_NAMESPACE, name)}`;

/** The identity id of an organization (one formula for every module: stix's organizationIdentityId). */
export const orgIdentityId = organizationIdentityId;

/** The infrastructure id of an organization's asset (scoped to the organization: keys repeat across them). */
export function assetInfrastructureId(orgId: string, assetKey: string): string {
  return sdoId("infrastructure", `asset|${orgId}|${assetKey}`);
}

/** The relationship id of (type, source, target). */
export function relationshipId(type: string, source: string, target: string): string {
  return sdoId("relationship", `${type}|${source}|${target}`);
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

/** The STIX objects of an incident, the marking definition first and the incident last. */
export function incidentToStix(r: IncidentRecord): StixObject[] {
  const marking = TLP_MARKING_IDS[r.org.tlp];
  const identity = orgIdentityId(r.org.id);
  const stamp = { spec_version: "2.1", created: r.created, modified: r.created };
  const marked = { object_marking_refs: [marking] };
  const out: StixObject[] = [tlpMarkingDefinition(r.org.tlp)];
  const sector = r.org.sector ? (SECTOR_VOCAB[r.org.sector] ?? r.org.sector) : undefined;
  out.push(
    withoutUndefined({
      type: "identity",
      id: identity,
      ...stamp,
      name: r.org.name,
      identity_class: "organization",
      sectors: sector && r.org.sector !== "other" ? [sector] : undefined,
      ...marked,
    }),
  );
  const relate = (type: string, source: string, target: string) =>
    out.push({
      type: "relationship",
      id: relationshipId(type, source, target),
      ...stamp,
      created_by_ref: identity,
      relationship_type: type,
      source_ref: source,
      target_ref: target,
      ...marked,
    });
  // Public reference objects (a state, a published actor) are TLP:CLEAR: every organization
  // writes the same version of them, whatever its own marking.
  const clear = { object_marking_refs: [TLP_MARKING_IDS.clear] };
  if ((r.org.state || r.actor) && r.org.tlp !== "clear") out.push(tlpMarkingDefinition("clear"));
  if (r.org.state) {
    const location = sdoId("location", `mx-state|${r.org.state}`);
    out.push({
      type: "location",
      id: location,
      spec_version: "2.1",
      created: REFERENCE_TIME,
      modified: REFERENCE_TIME,
      name: r.org.stateName ?? r.org.state,
      country: "mx",
      administrative_area: r.org.state,
      ...clear,
    });
    relate("located-at", identity, location);
  }
  const infra = r.assets.map((a) => {
    const id = assetInfrastructureId(r.org.id, a.key);
    out.push({ type: "infrastructure", id, ...stamp, created_by_ref: identity, name: a.name, ...marked });
    return id;
  });
  // An actor found in the store is that stored object (any type): only referred to, never rewritten.
  if (r.actor && r.actor.source !== "store") {
    out.push(
      withoutUndefined({
        type: "threat-actor",
        id: r.actor.id,
        spec_version: "2.1",
        created: REFERENCE_TIME,
        modified: REFERENCE_TIME,
        name: r.actor.name,
        description: r.actor.description ?? undefined,
        aliases: r.actor.aliases.length > 0 ? r.actor.aliases : undefined,
        external_references: [{ source_name: r.actor.source }],
        ...clear,
      }),
    );
  }
  const contentId = (type: string, body: Record<string, unknown>) => sdoId(type, `${r.id}|${canonicalJson(body)}`);
  const events: string[] = [];
  const event = (body: Record<string, unknown>) => {
    const id = contentId("event", body);
    events.push(id);
    out.push({
      type: "event",
      id,
      ...stamp,
      created_by_ref: identity,
      ...body,
      ...marked,
      extensions: { [EVENT_EXT]: { extension_type: "new-sdo" } },
    });
  };
  event(
    withoutUndefined({
      name: "Awareness of the incident",
      event_types: ["awareness"],
      status: "occurred",
      start_time: r.awareAt,
      sighting_refs: r.sightingRefs.length > 0 ? r.sightingRefs : undefined,
    }),
  );
  if (r.ransomPaidAt)
    event({ name: "Ransom payment", event_types: ["ransom-payment"], status: "occurred", start_time: r.ransomPaidAt });
  const impacts: string[] = [];
  const impact = (category: string, body: Record<string, unknown>, ext: Record<string, unknown>) => {
    const id = contentId("impact", { category, ...body, ext });
    impacts.push(id);
    out.push({
      type: "impact",
      id,
      ...stamp,
      created_by_ref: identity,
      impact_category: category,
      ...body,
      ...marked,
      extensions: { [IMPACT_EXT]: { extension_type: "new-sdo" }, [category]: ext },
    });
  };
  if (r.availability !== null)
    impact(
      "availability",
      withoutUndefined({
        impacted_refs: infra.length > 0 ? infra : undefined,
        impacted_entity_counts: infra.length > 0 ? { "information-systems": infra.length } : undefined,
        recoverability: r.recoverability ?? undefined,
      }),
      { availability_impact: r.availability },
    );
  if (r.ransomPaidAt) impact("monetary", { start_time: r.ransomPaidAt }, { variety: "ransom-payment" });
  relate("targets", r.id, identity);
  for (const id of infra) relate("impacts", r.id, id);
  if (r.actor) relate("attributed-to", r.id, r.actor.id);
  out.push(incidentObject(r, identity, marking, events, impacts));
  return out;
}

function incidentObject(
  r: IncidentRecord,
  identity: string,
  marking: string,
  events: string[],
  impacts: string[],
): StixObject {
  const core = withoutUndefined({
    extension_type: "property-extension",
    determination: r.determination,
    investigation_status: r.status,
    incident_types: r.types.length > 0 ? r.types : undefined,
    detection_methods: r.detectionMethods.length > 0 ? r.detectionMethods : undefined,
    criticality: r.criticality ?? undefined,
    recoverability: r.recoverability ?? undefined,
    impacted_entity_counts: r.assets.length > 0 ? { "information-systems": r.assets.length } : undefined,
    events: events.map((event_ref) => ({ event_ref })),
    impact_refs: impacts.length > 0 ? impacts : undefined,
  });
  return withoutUndefined({
    type: "incident",
    spec_version: "2.1",
    id: r.id,
    created: r.created,
    modified: r.modified,
    created_by_ref: identity,
    name: r.title,
    description: r.description ?? undefined,
    object_marking_refs: [marking],
    extensions: { [INCIDENT_CORE_EXT]: core },
    [CENTINELA_PROP]: {
      org_id: r.org.id,
      org_name: r.org.name,
      sector: r.org.sector,
      state: r.org.state,
      state_name: r.org.stateName,
      regime: r.regime,
      time_zone: r.timeZone,
      aware_at: r.awareAt,
      ransom_paid_at: r.ransomPaidAt,
      availability: r.availability,
      assignee: r.assignee,
      // Absent rather than null when not given, so records written before these existed read the same.
      mitigation: r.mitigation ?? undefined,
      root_cause: r.rootCause ?? undefined,
      cross_border: r.crossBorder ?? undefined,
      assets: r.assets,
      actor: r.actor,
      sighting_refs: r.sightingRefs,
      submissions: r.submissions,
      attachments: r.attachments,
      comment_refs: r.commentRefs,
    },
  });
}

/** Reads the incident a stored `incident` object holds; throws INCIDENT_BAD_INPUT when it is not one Centinela wrote. */
export function incidentFromStix(obj: StixObject): IncidentRecord {
  const x = obj[CENTINELA_PROP] as Record<string, unknown> | undefined;
  const core = (obj.extensions as Record<string, Record<string, unknown>> | undefined)?.[INCIDENT_CORE_EXT];
  if (obj.type !== "incident" || !x || !core) throw new IncidentError("INCIDENT_NOT_CENTINELA", { id: String(obj.id) });
  const markings = (obj.object_marking_refs as string[] | undefined) ?? [];
  const tlp: TlpLevel = markings.map((m) => tlpLevelOfMarking(m)).find((l): l is TlpLevel => l !== null) ?? "amber";
  return {
    id: String(obj.id),
    created: String(obj.created),
    modified: String(obj.modified),
    org: {
      id: String(x.org_id),
      name: String(x.org_name),
      sector: (x.sector as string | null) ?? null,
      state: (x.state as string | null) ?? null,
      stateName: (x.state_name as string | null) ?? null,
      tlp,
    },
    title: String(obj.name),
    description: (obj.description as string | undefined) ?? null,
    types: (core.incident_types as string[] | undefined) ?? [],
    determination: core.determination as Determination,
    status: core.investigation_status as IncidentStatus,
    criticality: (core.criticality as number | undefined) ?? null,
    detectionMethods: (core.detection_methods as string[] | undefined) ?? [],
    recoverability: (core.recoverability as Recoverability | undefined) ?? null,
    availability: (x.availability as number | null) ?? null,
    regime: x.regime as RegimeId,
    timeZone: String(x.time_zone),
    awareAt: String(x.aware_at),
    ransomPaidAt: (x.ransom_paid_at as string | null) ?? null,
    assignee: (x.assignee as string | null) ?? null,
    mitigation: (x.mitigation as string | undefined) ?? null,
    rootCause: (x.root_cause as string | undefined) ?? null,
    crossBorder: (x.cross_border as string | undefined) ?? null,
    assets: (x.assets as AssetRef[] | undefined) ?? [],
    actor: (x.actor as ActorRef | null) ?? null,
    sightingRefs: (x.sighting_refs as string[] | undefined) ?? [],
    submissions: (x.submissions as IncidentRecord["submissions"] | undefined) ?? [],
    attachments: (x.attachments as IncidentRecord["attachments"] | undefined) ?? [],
    commentRefs: (x.comment_refs as string[] | undefined) ?? [],
  };
}
