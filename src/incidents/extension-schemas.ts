import { readFileSync } from "node:fs";
import { Ajv2019, type ValidateFunction } from "ajv/dist/2019.js";
import type { StixObject } from "../stix/index.js";
import { EVENT_EXT, IMPACT_EXT, INCIDENT_CORE_EXT } from "./stix-objects.js";

/**
 * Validation against the JSON Schemas OASIS publishes for the Incident extension suite (the
 * pinned copies in schemas/, see schemas/SOURCE.md): the Incident Core extension body of every
 * `incident`, and every `event` and `impact`. Centinela's STIX validator checks the rest of
 * STIX 2.1; these schemas check what only the extensions define.
 */

/** One schema failure: the object, where in it, and why. */
export interface SchemaProblem {
  id: string;
  schema: "incident-core" | "event" | "impact";
  path: string;
  message: string;
}

function load(name: string): object {
  return JSON.parse(readFileSync(new URL(`./schemas/${name}.schema.json`, import.meta.url), "utf8")) as object;
}

let compiled: { core: ValidateFunction; event: ValidateFunction; impact: ValidateFunction } | null = null;

function validators() {
  if (!compiled) {
    // strict: false as the upstream schemas mix drafts' keywords; unicodeRegExp: false as their
    // patterns escape "-" (`\-`), which a unicode-mode RegExp refuses.
    const ajv = new Ajv2019({ allErrors: true, strict: false, unicodeRegExp: false });
    compiled = {
      core: ajv.compile(load("incident-core")),
      event: ajv.compile(load("event")),
      impact: ajv.compile(load("impact")),
    };
  }
  return compiled;
}

function problems(fn: ValidateFunction, id: string, schema: SchemaProblem["schema"], base: string): SchemaProblem[] {
  return (fn.errors ?? []).map((e) => ({
    id,
    schema,
    path: `${base}${e.instancePath.replace(/\//g, ".")}`,
    message: `${e.message ?? "invalid"}${e.params && "additionalProperty" in e.params ? ` (${String(e.params.additionalProperty)})` : ""}`,
  }));
}

/**
 * The schema problems of the objects (empty when every incident, event and impact passes).
 * Objects of other types are not looked at. An `incident` without the Incident Core extension is
 * a problem: Centinela's incidents always carry it.
 */
export function checkIncidentExtensions(objects: readonly StixObject[]): SchemaProblem[] {
  const v = validators();
  const out: SchemaProblem[] = [];
  for (const o of objects) {
    const id = String(o.id);
    if (o.type === "incident") {
      const body = (o.extensions as Record<string, unknown> | undefined)?.[INCIDENT_CORE_EXT];
      if (body === undefined) {
        out.push({ id, schema: "incident-core", path: `extensions.${INCIDENT_CORE_EXT}`, message: "is required" });
      } else if (!v.core(body)) out.push(...problems(v.core, id, "incident-core", `extensions.${INCIDENT_CORE_EXT}`));
    } else if (o.type === "event") {
      if (!v.event(o)) out.push(...problems(v.event, id, "event", ""));
      if (!(o.extensions as Record<string, unknown> | undefined)?.[EVENT_EXT])
        out.push({ id, schema: "event", path: `extensions.${EVENT_EXT}`, message: "is required" });
    } else if (o.type === "impact") {
      if (!v.impact(o)) out.push(...problems(v.impact, id, "impact", ""));
      if (!(o.extensions as Record<string, unknown> | undefined)?.[IMPACT_EXT])
        out.push({ id, schema: "impact", path: `extensions.${IMPACT_EXT}`, message: "is required" });
    }
  }
  return out;
}
