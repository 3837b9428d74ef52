import { type StixObject, tlpOf } from "../../stix/index.js";
import { attributeComparisons, type Comparison, MISP_TYPES, mispTypesFor } from "./attribute-types.js";
import type { MispAttribute, MispObject, MispTag } from "./misp-event.js";
import { OBJECT_RELATIONS } from "./objects.js";
import { comparisonsOfSco, equalityGroups } from "./observables.js";
import { tagOfTlp } from "./tags.js";

/**
 * One STIX object into MISP: an indicator or observed-data becomes one attribute (a value of one
 * type), a MISP object (several values of one thing) or, for a pattern no attribute can state, a
 * `stix2-pattern` attribute; rules in other languages become yara/sigma/snort/suricata attributes;
 * vulnerabilities, campaigns and notes their attribute types. The `x_misp_*` properties our
 * importer writes make the way back exact.
 */

/** What one STIX object became in MISP terms. */
export type MispPart =
  | { kind: "attributes"; attributes: MispAttribute[] }
  | { kind: "object"; object: MispObject }
  | { kind: "none"; reason: string };

const seconds = (time: unknown): string =>
  typeof time === "string" && !Number.isNaN(Date.parse(time)) ? String(Math.floor(Date.parse(time) / 1000)) : "0";

const uuidOf = (id: string): string => id.slice(id.indexOf("--") + 2);

/** The tags of an object: its TLP level (TLP 2.0 names) and its labels. */
export function tagsOf(object: StixObject): MispTag[] {
  const level = tlpOf(object);
  const tags: MispTag[] = level ? [tagOfTlp(level)] : [];
  for (const label of object.labels ?? []) if (typeof label === "string") tags.push({ name: label });
  return tags;
}

const CATEGORY: Readonly<Record<string, string>> = {
  "ip-src": "Network activity",
  "ip-dst": "Network activity",
  domain: "Network activity",
  hostname: "Network activity",
  url: "Network activity",
  "user-agent": "Network activity",
  AS: "Network activity",
  "ip-dst|port": "Network activity",
  "domain|ip": "Network activity",
  mutex: "Artifacts dropped",
  regkey: "Persistence mechanism",
  vulnerability: "External analysis",
  text: "Other",
  comment: "Other",
};

/** The attribute fields every converted value shares: uuid, time, to_ids, comment, tags. */
function base(object: StixObject, type: string, value: string, toIds: boolean, uuid: string): MispAttribute {
  const category = typeof object.x_misp_category === "string" ? object.x_misp_category : (CATEGORY[type] ?? "Other");
  const attr: MispAttribute = {
    uuid,
    type,
    category,
    value,
    to_ids: toIds,
    comment: typeof object.description === "string" ? object.description : "",
    timestamp: seconds(object.modified ?? object.created),
  };
  const first = object.valid_from ?? object.first_observed;
  const last = object.valid_until ?? object.last_observed;
  if (typeof first === "string") attr.first_seen = first;
  if (typeof last === "string" && last !== first) attr.last_seen = last;
  const tags = tagsOf(object);
  if (tags.length > 0) attr.Tag = tags;
  return attr;
}

/** The single attribute (type and `|`-joined value) of one observation's comparisons, or null. */
function singleAttribute(group: readonly Comparison[], hint: unknown): { type: string; value: string } | null {
  const type = group[0]!.type;
  if (group.some((c) => c.type !== type)) return null;
  const candidates = mispTypesFor(
    type,
    group.map((c) => c.path),
  );
  const ordered = typeof hint === "string" && candidates.includes(hint) ? [hint, ...candidates] : candidates;
  for (const name of ordered) {
    const spec = MISP_TYPES.get(name)!;
    // The value in the order of the spec's paths (`filename|sha256`: name first).
    const parts = spec.paths.map((p) => group.find((c) => c.path === p)?.value);
    if (parts.some((p) => p === undefined)) continue;
    const value = parts.join("|");
    const check = attributeComparisons(name, spec, value);
    if (check.ok) return { type: name, value: type === "autonomous-system" ? `AS${value}` : value };
  }
  return null;
}

/** A MISP object of these comparisons under a template name, relations from the template table. */
function objectOf(object: StixObject, name: string, comparisons: readonly Comparison[], toIds: boolean): MispObject {
  const table = OBJECT_RELATIONS[name] ?? {};
  const attributes: MispAttribute[] = comparisons.map((c, i) => {
    const known = Object.entries(table).find(([, [t, p]]) => p === c.path && (t === c.type || t === "ip"));
    const single = singleAttribute([c], undefined);
    const type = known?.[1][2] ?? single?.type ?? "text";
    const relation = known?.[0] ?? single?.type ?? c.path;
    const value = type === "AS" ? `AS${c.value}` : String(c.value);
    return {
      ...base(object, type, value, toIds, `${uuidOf(object.id).slice(0, 24)}${i.toString(16).padStart(12, "0")}`),
      object_relation: relation,
    };
  });
  const kept = Array.isArray(object.x_misp_object_attributes)
    ? (object.x_misp_object_attributes as MispAttribute[])
    : [];
  for (const k of kept)
    attributes.push({
      type: k.type,
      value: String(k.value),
      object_relation: k.object_relation ?? null,
      to_ids: false,
    });
  return {
    uuid: uuidOf(object.id),
    name,
    "meta-category": typeof object.x_misp_meta_category === "string" ? object.x_misp_meta_category : "misc",
    comment: typeof object.description === "string" ? object.description : "",
    timestamp: seconds(object.modified ?? object.created),
    Attribute: attributes,
  };
}

/** The MISP form of the comparisons of one indicator or observed-data. */
function fromComparisons(object: StixObject, groups: Comparison[][], toIds: boolean): MispPart | null {
  const all = groups.flat();
  if (all.length === 0) return null;
  if (typeof object.x_misp_object_name === "string") {
    return { kind: "object", object: objectOf(object, object.x_misp_object_name, all, toIds) };
  }
  if (groups.length === 1) {
    const one = singleAttribute(groups[0]!, object.x_misp_type);
    if (one) return { kind: "attributes", attributes: [base(object, one.type, one.value, toIds, uuidOf(object.id))] };
  }
  return null;
}

const RULE_ATTRIBUTE: Readonly<Record<string, string>> = {
  yara: "yara",
  sigma: "sigma",
  snort: "snort",
  suricata: "suricata",
};
const TEXT_TYPES = new Set(["text", "comment", "other"]);

/** The MISP form of one STIX object; `lookup` finds the SCOs an observed-data refers to. */
export function stixToMisp(object: StixObject, lookup: (id: string) => StixObject | undefined): MispPart {
  const id = uuidOf(object.id);
  switch (object.type) {
    case "indicator": {
      const pattern = String(object.pattern ?? "");
      const language = String(object.pattern_type ?? "stix");
      if (language !== "stix") {
        const type = RULE_ATTRIBUTE[language];
        if (type === undefined) return { kind: "none", reason: `pattern_type ${language} has no MISP attribute type` };
        return { kind: "attributes", attributes: [base(object, type, pattern, true, id)] };
      }
      const groups = equalityGroups(pattern);
      const part = groups ? fromComparisons(object, groups, true) : null;
      return part ?? { kind: "attributes", attributes: [base(object, "stix2-pattern", pattern, true, id)] };
    }
    case "observed-data": {
      const refs = (Array.isArray(object.object_refs) ? object.object_refs : []).map((r) => lookup(String(r)));
      const scos = refs.filter((s): s is StixObject => s !== undefined);
      const referenced = new Set(
        scos.flatMap((s) =>
          Object.entries(s)
            .filter(([k]) => /_refs?$/.test(k))
            .flatMap(([, v]) => (Array.isArray(v) ? v : [v])),
        ),
      );
      const groups: Comparison[][] = [];
      for (const sco of scos) {
        if (referenced.has(sco.id)) continue;
        const c = comparisonsOfSco(sco, (ref) => lookup(ref));
        if (c && c.length > 0) groups.push(c);
      }
      if (typeof object.x_misp_object_name === "string") {
        const part = fromComparisons(object, groups, false);
        if (part) return part;
      }
      const attributes: MispAttribute[] = [];
      groups.forEach((g, i) => {
        const one = singleAttribute(g, object.x_misp_type);
        if (one)
          attributes.push(
            base(
              object,
              one.type,
              one.value,
              false,
              i === 0 ? id : `${id.slice(0, 24)}${i.toString(16).padStart(12, "0")}`,
            ),
          );
      });
      if (attributes.length === 0) return { kind: "none", reason: "its observables have no MISP attribute type" };
      return { kind: "attributes", attributes };
    }
    case "vulnerability":
    case "campaign":
    case "threat-actor": {
      if (object.type === "threat-actor" && object.x_misp_type !== "threat-actor")
        return { kind: "none", reason: "a galaxy" };
      const type = object.type === "campaign" ? "campaign-name" : object.type;
      const toIds = object.x_misp_to_ids === true;
      return { kind: "attributes", attributes: [base(object, type, String(object.name ?? ""), toIds, id)] };
    }
    case "note": {
      const type =
        typeof object.x_misp_type === "string" && TEXT_TYPES.has(object.x_misp_type) ? object.x_misp_type : "text";
      const attr = base(object, type, String(object.content ?? ""), false, id);
      if (typeof object.abstract === "string") attr.comment = object.abstract;
      return { kind: "attributes", attributes: [attr] };
    }
    default:
      return { kind: "none", reason: `${object.type} has no MISP attribute form` };
  }
}
