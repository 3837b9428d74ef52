import { readFile } from "node:fs/promises";
import { foldText } from "../i18n/index.js";
import { IncidentError, suggest } from "./errors.js";
import type { ActorRef } from "./types.js";

/**
 * Threat actors to attribute incidents to, from a MISP galaxy cluster file (misp-galaxy's
 * `clusters/threat-actor.json`: value, uuid, description, meta.synonyms). The STIX id keeps the
 * cluster entry's UUID (`threat-actor--<uuid>`), as MISP's own STIX export does, so two reports
 * of the same actor name the same object.
 */

interface ClusterEntry {
  value: string;
  uuid: string;
  description?: string;
  meta?: { synonyms?: string[] };
}

/** A loaded galaxy: its label and its actors by folded name and synonym. */
export interface ActorGalaxy {
  source: string;
  names: string[];
  byName: Map<string, ClusterEntry>;
}

/** Reads a MISP threat-actor cluster file. */
export async function loadActorGalaxy(path: string): Promise<ActorGalaxy> {
  const data = JSON.parse(await readFile(path, "utf8")) as { name?: string; version?: number; values?: ClusterEntry[] };
  if (!Array.isArray(data.values))
    throw new IncidentError("INCIDENT_BAD_VALUE", {
      field: "--galaxy",
      value: path,
      allowed: "clusters/threat-actor.json",
    });
  const byName = new Map<string, ClusterEntry>();
  const names: string[] = [];
  for (const e of data.values) {
    if (typeof e.value !== "string" || typeof e.uuid !== "string") continue;
    names.push(e.value);
    byName.set(foldText(e.value), e);
    for (const s of e.meta?.synonyms ?? []) if (!byName.has(foldText(s))) byName.set(foldText(s), e);
  }
  return { source: `misp-galaxy ${data.name ?? "threat-actor"} v${data.version ?? "?"}`, names, byName };
}

/** The actor `name` (or a synonym, any case or accents) names; throws INCIDENT_UNKNOWN_ACTOR with a suggestion. */
export function findActor(galaxy: ActorGalaxy, name: string): ActorRef {
  const e = galaxy.byName.get(foldText(name));
  if (!e)
    throw new IncidentError("INCIDENT_UNKNOWN_ACTOR", {
      value: name,
      source: galaxy.source,
      suggestion: suggest(name, galaxy.names),
    });
  return {
    id: `threat-actor--${e.uuid.toLowerCase()}`,
    name: e.value,
    aliases: (e.meta?.synonyms ?? []).filter((s) => s !== e.value),
    description: e.description ?? null,
    source: galaxy.source,
  };
}
