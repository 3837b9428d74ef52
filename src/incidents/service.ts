import { randomUUID } from "node:crypto";
import { CENTINELA_STIX_NAMESPACE, type StixObject, TLP_MARKING_IDS, uuidV5 } from "../stix/index.js";
import type { Store } from "../store/index.js";
import { anonymize, anonymizedStix, type Redaction } from "./anonymize.js";
import { computeClocks, type StageClock } from "./deadlines.js";
import { IncidentError } from "./errors.js";
import { checkReport, type ReportInput, readInteger } from "./input.js";
import {
  checkMember,
  type IncidentActor,
  loadIncident,
  newIncidentId,
  nextModified,
  recordItems,
  resolveAssets,
  resolveOrg,
  type WriteItem,
  writeObjects,
} from "./persist.js";
import { REGIME_STAGES, stageOf } from "./regimes.js";
import { orgIdentityId } from "./stix-objects.js";
import type { ActorRef, Attachment, IncidentRecord } from "./types.js";
import { checkTransition, parseStatus } from "./workflow.js";
import { stixTime } from "./zoned-time.js";

/**
 * The incident operations on a store: report, change (workflow, assignee, facts, comments,
 * attachments), clocks, submission to the national hub. Every change is checked in full before
 * anything is written and is then one new version of the incident, in one transaction, with an
 * audit entry saying who changed what.
 */

/** A report: what checkReport reads, plus the organization, assets, actor and sightings. */
export interface ReportRequest extends ReportInput {
  org: string;
  assets?: readonly string[];
  actor?: ActorRef | null;
  sightings?: readonly string[];
}

/** Records a new incident; returns it as stored. */
export async function reportIncident(
  store: Store,
  who: IncidentActor,
  req: ReportRequest,
  now: number,
): Promise<IncidentRecord> {
  const org = await resolveOrg(store, req.org);
  checkMember(who, org.id, "report");
  // The organization's defaults unless the report names its own regime or zone.
  const defaults = await store.incidents.getReporting(org.id);
  const checked = checkReport(
    { ...req, regime: req.regime ?? defaults?.regime, timeZone: req.timeZone ?? defaults?.timeZone },
    now,
  );
  const assets = await resolveAssets(store, org, req.assets ?? []);
  for (const s of req.sightings ?? [])
    if (!/^sighting--[0-9a-f-]{36}$/.test(s))
      throw new IncidentError("INCIDENT_BAD_VALUE", { field: "--sighting", value: s, allowed: "sighting--UUID" });
  const at = stixTime(now);
  const record: IncidentRecord = {
    id: newIncidentId(),
    created: at,
    modified: at,
    org,
    ...checked,
    status: "new",
    assets,
    actor: req.actor ?? null,
    sightingRefs: [...(req.sightings ?? [])],
    submissions: [],
    attachments: [],
    commentRefs: [],
  };
  await writeObjects(store, { ...who, write: { ...who.write, orgId: org.id } }, recordItems(record));
  await store.directory.appendAudit(who.audit, "incident.report", record.id, {
    org: org.id,
    by: who.name,
    aware_at: record.awareAt,
  });
  return record;
}

/** What an update may change; every field optional. */
export interface IncidentPatch {
  status?: string;
  assignee?: string | null;
  criticality?: string | number;
  determination?: string;
  title?: string;
  description?: string;
  actor?: ActorRef;
  ransomPaidAt?: string;
  mitigation?: string;
  rootCause?: string;
  crossBorder?: string;
  comment?: string;
  attach?: readonly Omit<Attachment, "added">[];
}

/** Applies a patch as a new version; returns the new record. */
export async function updateIncident(
  store: Store,
  who: IncidentActor,
  id: string,
  patch: IncidentPatch,
  now: number,
): Promise<IncidentRecord> {
  const { record: old } = await loadIncident(store, who.read, id);
  checkMember(who, old.org.id, "update");
  const next: IncidentRecord = { ...old, modified: nextModified(old.modified, now) };
  const changes: Record<string, unknown> = {};
  if (patch.status !== undefined) {
    const to = parseStatus(patch.status);
    checkTransition(old.status, to);
    next.status = to;
    changes.status = { from: old.status, to };
  }
  if (patch.assignee !== undefined) {
    next.assignee = patch.assignee?.trim() || null;
    changes.assignee = { from: old.assignee, to: next.assignee };
  }
  if (patch.criticality !== undefined) {
    next.criticality = readInteger("--criticality", patch.criticality, 0, 100, "INCIDENT_CRITICALITY_RANGE");
    changes.criticality = { from: old.criticality, to: next.criticality };
  }
  const facts = checkReport(
    {
      title: patch.title ?? old.title,
      types: old.types,
      awareAt: old.awareAt,
      regime: old.regime,
      timeZone: old.timeZone,
      determination: patch.determination ?? old.determination,
      ransomPaidAt: patch.ransomPaidAt ?? old.ransomPaidAt,
    },
    now,
  );
  if (patch.determination !== undefined) next.determination = facts.determination;
  if (patch.title !== undefined) next.title = facts.title;
  if (patch.description !== undefined) next.description = patch.description.trim() || null;
  if (patch.ransomPaidAt !== undefined) next.ransomPaidAt = facts.ransomPaidAt;
  if (patch.actor !== undefined) next.actor = patch.actor;
  for (const key of ["mitigation", "rootCause", "crossBorder"] as const) {
    const v = patch[key];
    if (v === undefined) continue;
    next[key] = v.trim() || null;
    changes[key] = { from: old[key], to: next[key] };
  }
  const extra: WriteItem[] = [];
  if (patch.comment?.trim()) {
    const note = commentNote(next, who.name, patch.comment.trim());
    next.commentRefs = [...old.commentRefs, note.id as string];
    extra.push({ object: note, collectionId: null });
    changes.comment = note.id;
  }
  if (patch.attach && patch.attach.length > 0) {
    const known = new Set(old.attachments.map((a) => a.sha256));
    // A file already attached, or named twice, is attached once.
    const added: Attachment[] = [];
    for (const a of patch.attach) {
      if (known.has(a.sha256)) continue;
      known.add(a.sha256);
      added.push({ ...a, added: next.modified });
    }
    next.attachments = [...old.attachments, ...added];
    changes.attached = added.map((a) => a.sha256);
  }
  await writeObjects(store, { ...who, write: { ...who.write, orgId: old.org.id } }, [...extra, ...recordItems(next)]);
  await store.directory.appendAudit(who.audit, "incident.update", id, { by: who.name, ...changes });
  return next;
}

function commentNote(r: IncidentRecord, author: string, text: string): StixObject {
  return {
    type: "note",
    spec_version: "2.1",
    id: `note--${randomUUID()}`,
    created: r.modified,
    modified: r.modified,
    created_by_ref: orgIdentityId(r.org.id),
    authors: [author],
    content: text,
    object_refs: [r.id],
    object_marking_refs: [TLP_MARKING_IDS[r.org.tlp]],
  };
}

/** The deadline clocks of a record at `now`. */
export function clocksOf(r: IncidentRecord, now: number): StageClock[] {
  return computeClocks(
    {
      regime: r.regime,
      awareAt: Date.parse(r.awareAt),
      criticality: r.criticality,
      ransomPaidAt: r.ransomPaidAt ? Date.parse(r.ransomPaidAt) : null,
      submitted: Object.fromEntries(r.submissions.map((s) => [s.stage, Date.parse(s.at)])),
      timeZone: r.timeZone,
    },
    now,
  );
}

/** The id an anonymized copy of `id` is sent under: unlinkable without the original id, the same at every submission. */
export function anonymousCopyId(id: string): string {
  return `incident--${uuidV5(CENTINELA_STIX_NAMESPACE, `anonymous|${id}`)}`;
}

/** What a submission sends, before it is sent. */
export interface SubmissionPlan {
  stage: string;
  /** The record as it will be stored after the submission (the submission appended). */
  record: IncidentRecord;
  /** The STIX objects that leave. */
  objects: StixObject[];
  redactions: Redaction[];
}

/** The stage submitted when none is named: the first not yet submitted ("voluntary" under none). */
function pickStage(r: IncidentRecord, stage: string | undefined): string {
  if (REGIME_STAGES[r.regime].length === 0) return stage ?? "voluntary";
  if (stage) return stageOf(r.regime, stage).id;
  const done = new Set(r.submissions.map((s) => s.stage));
  return (REGIME_STAGES[r.regime].find((s) => !done.has(s.id)) ?? REGIME_STAGES[r.regime].at(-1))?.id as string;
}

/** Plans a submission of the latest version to `to` (a hub collection id or a TAXII URL). */
export async function planSubmission(
  store: Store,
  who: IncidentActor,
  id: string,
  options: { stage?: string; to: string; anonymize: boolean },
  now: number,
): Promise<SubmissionPlan> {
  const { record: old } = await loadIncident(store, who.read, id);
  checkMember(who, old.org.id, "submit");
  const stage = pickStage(old, options.stage);
  const at = nextModified(old.modified, now);
  const record: IncidentRecord = {
    ...old,
    modified: at,
    submissions: [...old.submissions, { stage, at, to: options.to, anonymized: options.anonymize }],
  };
  if (!options.anonymize) return { stage, record, objects: recordItems(record).map((i) => i.object), redactions: [] };
  const { record: anon, redactions } = anonymize({ ...record, id: anonymousCopyId(record.id) });
  return { stage, record, objects: anonymizedStix(anon), redactions };
}

/**
 * Submits to a hub collection on this store: the new version of the incident and the objects
 * sent (the same, or the anonymized copy) are written in one transaction, the sent ones filed in
 * the hub collection, which the CSIRT reads. Throws INCIDENT_NO_HUB when the collection is missing.
 */
export async function submitToHub(store: Store, who: IncidentActor, plan: SubmissionPlan, hub: string): Promise<void> {
  if (!(await store.directory.findCollection(hub))) throw new IncidentError("INCIDENT_NO_HUB", { hub });
  const writer = { ...who, write: { ...who.write, orgId: plan.record.org.id } };
  const sent: WriteItem[] = plan.objects.map((object) => ({ object, collectionId: hub }));
  const own = plan.redactions.length > 0 || plan.record.submissions.at(-1)?.anonymized ? recordItems(plan.record) : [];
  await writeObjects(store, writer, [...own, ...sent]);
  await store.directory.appendAudit(who.audit, "incident.submit", plan.record.id, {
    by: who.name,
    stage: plan.stage,
    to: hub,
    anonymized: plan.record.submissions.at(-1)?.anonymized ?? false,
  });
}

/** Records a submission made elsewhere (over TAXII) as the new version of the incident. */
export async function recordSubmission(store: Store, who: IncidentActor, plan: SubmissionPlan): Promise<void> {
  await writeObjects(store, { ...who, write: { ...who.write, orgId: plan.record.org.id } }, recordItems(plan.record));
  const last = plan.record.submissions.at(-1);
  await store.directory.appendAudit(who.audit, "incident.submit", plan.record.id, {
    by: who.name,
    stage: plan.stage,
    to: last?.to,
    anonymized: last?.anonymized ?? false,
  });
}

/**
 * The incident's objects as stored, in a STIX bundle whose `objects` are the stored texts byte
 * for byte, so importing the bundle again changes nothing. Comments (notes) are included.
 */
export async function exportBundle(store: Store, who: IncidentActor, id: string): Promise<string> {
  const { record, stored } = await loadIncident(store, who.read, id);
  // A stored actor is not one of the record's own objects, but the bundle names it: it goes along.
  const storedActor = record.actor?.source === "store" ? [record.actor.id] : [];
  const ids = [
    ...new Set([...recordItems(record).map((i) => String(i.object.id)), ...record.commentRefs, ...storedActor]),
  ].filter((x) => x !== id);
  const raws: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const page = await store.queryRawObjects(who.read, { ids: ids.slice(i, i + 500) }, { limit: 1000 });
    raws.push(...page.objects.map((o) => o.raw));
  }
  raws.push(stored.raw);
  return `{"type":"bundle","id":"bundle--${randomUUID()}","objects":[${raws.join(",")}]}`;
}
