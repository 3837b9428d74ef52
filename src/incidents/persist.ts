import { randomUUID } from "node:crypto";
import { decide, type Principal, type Subject } from "../access/index.js";
import { findByName, MX_STATES } from "../i18n/index.js";
import { isRejection, prepareItem } from "../ingest/index.js";
import type { StixObject, TlpLevel } from "../stix/index.js";
import { TLP_LEVELS } from "../stix/index.js";
import type { AccessContext, Actor, ObjectVersionInput, Store, StoredObject, WriteContext } from "../store/index.js";
import { MAX_PAGE_LIMIT, StoreError } from "../store/index.js";
import { IncidentError } from "./errors.js";
import { checkIncidentExtensions } from "./extension-schemas.js";
import { incidentFromStix, incidentToStix } from "./stix-objects.js";
import type { AssetRef, IncidentRecord, OrgFacts } from "./types.js";
import { stixTime } from "./zoned-time.js";

/**
 * How incidents reach the store and come back: every write goes through ingest's validation and
 * is one store transaction (all the objects of a version, or none), attributed to who made it;
 * every read goes through the store's TLP filter with the reader's access context.
 */

/** Who acts: the store's write and read contexts, the audit actor and a name for comments. */
export interface IncidentActor {
  write: WriteContext;
  read: AccessContext;
  audit: Actor;
  /** Shown as the author of comments and changes ("ana", "cli"). */
  name: string;
  /** Role and organization access's rulebook decides for; null for the machine's operator (the CLI). */
  subject: Subject | null;
}

/** The actor of a signed-in caller (REST). */
export function actorOf(principal: Principal, source = "api"): IncidentActor {
  return {
    write: { ...principal.write, source },
    read: principal.read,
    audit: principal.actor,
    name: principal.user.username,
    subject: { role: principal.user.role, orgId: principal.user.orgId },
  };
}

/** The actor of a command on the machine holding the store, acting for `orgId`. */
export function operatorFor(orgId: string): IncidentActor {
  return {
    write: { orgId, userId: null, source: "cli" },
    read: { kind: "system", orgId: null, userId: null },
    audit: { userId: null, orgId: null, address: "cli" },
    name: "cli",
    subject: null,
  };
}

/**
 * Access's answer for a change to `orgId`'s incidents: the machine's operator may; anyone else as
 * the rulebook says. Hidden (another organization's) is INCIDENT_FORBIDDEN too: the caller named
 * the organization or already read the incident, so nothing is revealed.
 */
export function checkMember(who: IncidentActor, orgId: string, action: "report" | "update" | "submit"): void {
  if (who.subject === null && who.read.kind === "system") return;
  const allowed =
    who.subject !== null &&
    who.read.kind === "member" &&
    decide(who.subject, `incident.${action}`, { kind: "organization", orgId }).allowed;
  if (!allowed) throw new IncidentError("INCIDENT_FORBIDDEN", { action });
}

/**
 * The organization `idOrName` names — its id, its name, or its name without accents or capitals
 * ("cfe", "Secretaria de Energia") — with its profile; throws INCIDENT_UNKNOWN_ORG (also when two
 * names match loosely: never a guess).
 */
export async function resolveOrg(store: Store, idOrName: string): Promise<OrgFacts> {
  let org = await store.directory.findOrganization(idOrName.trim());
  if (!org) {
    const match = findByName(await store.directory.listOrganizations(), idOrName.trim(), (o) => o.name);
    if (match.kind === "found") org = match.item;
  }
  if (!org) throw new IncidentError("INCIDENT_UNKNOWN_ORG", { value: idOrName });
  const profile = await store.inventory.getOrgProfile(org.id);
  const tlp = (TLP_LEVELS as readonly string[]).includes(profile?.tlp ?? "") ? (profile?.tlp as TlpLevel) : "amber";
  const state = profile?.state ?? null;
  return {
    id: org.id,
    name: org.name,
    sector: profile?.sector ?? null,
    state,
    stateName: state ? ((MX_STATES as Record<string, string>)[state] ?? null) : null,
    tlp,
  };
}

/**
 * The organization's assets named by id, key or name; throws INCIDENT_ASSET_NOT_IN_ORG for one
 * that is not in this organization's inventory (another's asset is answered the same way).
 */
export async function resolveAssets(store: Store, org: OrgFacts, wanted: readonly string[]): Promise<AssetRef[]> {
  if (wanted.length === 0) return [];
  const scope = { kind: "org" as const, orgId: org.id };
  const out = new Map<string, AssetRef>();
  let all: Awaited<ReturnType<Store["inventory"]["listAssets"]>>["assets"] | null = null;
  for (const w of wanted) {
    let found: AssetRef | null = null;
    try {
      const a = await store.inventory.getAsset(scope, org.id, w);
      found = { id: a.id, key: a.key, name: a.name, addresses: a.addresses, hostnames: a.hostnames };
    } catch (error) {
      if (!(error instanceof StoreError)) throw error;
    }
    if (!found) {
      if (all === null) {
        all = [];
        let after: string | null = null;
        do {
          const page = await store.inventory.listAssets(scope, org.id, { limit: 1000, after });
          all.push(...page.assets);
          after = page.next;
        } while (after);
      }
      const a = all.find((x) => x.key === w || x.name.toLowerCase() === w.toLowerCase());
      if (a) found = { id: a.id, key: a.key, name: a.name, addresses: a.addresses, hostnames: a.hostnames };
    }
    if (!found) throw new IncidentError("INCIDENT_ASSET_NOT_IN_ORG", { value: w, org: org.name });
    out.set(found.id, found);
  }
  return [...out.values()];
}

/** A new incident id. */
export function newIncidentId(): string {
  return `incident--${randomUUID()}`;
}

/** The `modified` of the next version: now, or 1 ms after the previous one when the clock has not moved past it. */
export function nextModified(previous: string, now: number): string {
  return stixTime(Math.max(now, Date.parse(previous) + 1));
}

/** An object to write, and the collection to file it in (null: none). */
export interface WriteItem {
  object: StixObject;
  collectionId: string | null;
}

/**
 * Validates every object through ingest and the extension schemas, then writes them all in one
 * store transaction: a rejection writes nothing.
 */
export async function writeObjects(store: Store, actor: IncidentActor, items: readonly WriteItem[]): Promise<void> {
  const problems = checkIncidentExtensions(items.map((i) => i.object));
  if (problems.length > 0) {
    const p = problems[0] as (typeof problems)[number];
    throw new IncidentError("INCIDENT_SCHEMA_INVALID", {
      object: p.id,
      schema: p.schema,
      detail: `${p.path}: ${p.message}`,
    });
  }
  const inputs: ObjectVersionInput[] = [];
  items.forEach((item, index) => {
    const raw = JSON.stringify(item.object);
    const prepared = prepareItem({ kind: "object", raw, index, offset: 0, line: 1 }, "incident", item.collectionId);
    if (isRejection(prepared)) {
      const why = prepared.reasons.map((r) => `${r.code} at ${r.path || "(object)"}: ${r.message}`).join("; ");
      throw new IncidentError("INCIDENT_WRITE_REJECTED", { id: String(item.object.id), detail: why });
    }
    inputs.push(prepared.input);
  });
  await store.putObjects(actor.write, inputs);
}

/** The objects of a record to write: all of incidentToStix, none filed in a collection. */
export function recordItems(record: IncidentRecord, collectionId: string | null = null): WriteItem[] {
  return incidentToStix(record).map((object) => ({ object, collectionId }));
}

/** The latest version of incident `id` the reader may see; throws INCIDENT_NOT_FOUND. */
export async function loadIncident(
  store: Store,
  reader: AccessContext,
  id: string,
): Promise<{ record: IncidentRecord; stored: StoredObject }> {
  const page = await store.queryObjects(reader, { ids: [id], types: ["incident"] }, { limit: 1 });
  const stored = page.objects[0];
  if (!stored) throw new IncidentError("INCIDENT_NOT_FOUND", { value: id });
  return { record: incidentFromStix(JSON.parse(stored.raw) as StixObject), stored };
}

/** A comment on an incident (a STIX note). */
export interface IncidentComment {
  id: string;
  created: string;
  author: string;
  text: string;
}

/** The incident's comments the reader may read (each note is read under its own TLP), oldest first. */
export async function loadComments(
  store: Store,
  reader: AccessContext,
  record: IncidentRecord,
): Promise<IncidentComment[]> {
  if (record.commentRefs.length === 0) return [];
  const byId = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < record.commentRefs.length; i += 500) {
    const ids = record.commentRefs.slice(i, i + 500);
    const page = await store.queryObjects(reader, { ids, types: ["note"] }, { limit: 1000 });
    for (const o of page.objects) byId.set(o.id, JSON.parse(o.raw) as Record<string, unknown>);
  }
  return record.commentRefs.flatMap((id) => {
    const n = byId.get(id);
    if (!n) return [];
    const authors = Array.isArray(n.authors) ? n.authors : [];
    return [{ id, created: String(n.created), author: String(authors[0] ?? ""), text: String(n.content ?? "") }];
  });
}

/** Every incident (latest versions) the reader may see, in store order; those Centinela did not write are skipped. */
export async function loadIncidents(
  store: Store,
  reader: AccessContext,
  filter: { collectionId?: string } = {},
): Promise<Array<{ record: IncidentRecord; stored: StoredObject }>> {
  const out: Array<{ record: IncidentRecord; stored: StoredObject }> = [];
  let after: string | null = null;
  do {
    const page = await store.queryObjects(reader, { types: ["incident"], ...filter }, { limit: MAX_PAGE_LIMIT, after });
    for (const stored of page.objects) {
      try {
        out.push({ record: incidentFromStix(JSON.parse(stored.raw) as StixObject), stored });
      } catch (error) {
        if (!(error instanceof IncidentError)) throw error;
      }
    }
    after = page.next;
  } while (after);
  return out;
}
