import { type ObjectPath, type ObservationNode, parsePattern } from "../../pattern/index.js";
import { canonicalJson, computeScoId, STIX_SCO_NAMESPACE, uuidV5 } from "../../stix/index.js";
import { type Comparison, refTargetType } from "./attribute-types.js";

/**
 * Between comparisons and STIX: the pattern text of a group of comparisons, the cyber-observables
 * that state the same facts, and, for the way back, the comparisons of a pattern made only of
 * equality tests (anything else is not a MISP attribute and stays a `stix2-pattern`).
 */

/** A STIX string literal: quotes and backslashes escaped. */
function quote(value: string | number): string {
  return typeof value === "number" ? String(value) : `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Comparisons grouped by object type, in first-seen order (one observation expression each). */
function groupByType(comparisons: readonly Comparison[]): Map<string, Comparison[]> {
  const groups = new Map<string, Comparison[]>();
  for (const c of comparisons) {
    const list = groups.get(c.type) ?? [];
    list.push(c);
    groups.set(c.type, list);
  }
  return groups;
}

/** The STIX pattern of these comparisons: one `[…]` per object type, tests joined with AND. */
export function patternOf(comparisons: readonly Comparison[]): string {
  const observations: string[] = [];
  for (const [type, list] of groupByType(comparisons)) {
    observations.push(`[${list.map((c) => `${type}:${c.path} = ${quote(c.value)}`).join(" AND ")}]`);
  }
  return observations.join(" AND ");
}

type Json = Record<string, unknown>;

/** Sets a value at a dotted path with quoted keys (`a.'B-c'.d`), making the records on the way. */
function setNested(target: Json, path: string, value: unknown): void {
  const keys = path.match(/'(?:[^'\\]|\\.)*'|[^.]+/g) ?? [];
  let at = target;
  for (let i = 0; i < keys.length; i++) {
    const raw = keys[i]!;
    const key = raw.startsWith("'") ? raw.slice(1, -1) : raw;
    if (i === keys.length - 1) at[key] = value;
    else {
      if (typeof at[key] !== "object" || at[key] === null) at[key] = {};
      at = at[key] as Json;
    }
  }
}

/** A finished SCO: spec_version and its deterministic id added. */
function finish(sco: Json): Json {
  const withSpec: Json = { type: sco.type, spec_version: "2.1", ...sco };
  // No contributing property present (an e-mail known only by its recipient): the whole object
  // names it, so the same content still gets the same id.
  const id = computeScoId(withSpec) ?? `${sco.type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(withSpec))}`;
  return { type: withSpec.type, spec_version: "2.1", id, ...sco };
}

/** What must be present for an SCO of this type to be valid, added when the comparisons left it out. */
function complete(sco: Json, refs: Json[]): void {
  if (sco.type === "email-message" && sco.is_multipart === undefined) sco.is_multipart = false;
  if (sco.type === "network-traffic" && sco.protocols === undefined) {
    const ref = refs.find((r) => r.id === sco.dst_ref || r.id === sco.src_ref);
    sco.protocols = [ref?.type === "ipv6-addr" ? "ipv6" : "ipv4"];
  }
}

/**
 * The cyber-observables that state these comparisons: one SCO per object type, plus one for each
 * `_ref`/`_refs` target. The first returned object of each group is the main one.
 */
export function observablesOf(comparisons: readonly Comparison[]): { main: Json[]; all: Json[] } {
  const main: Json[] = [];
  const all: Json[] = [];
  for (const [type, list] of groupByType(comparisons)) {
    const sco: Json = { type };
    const refs: Json[] = [];
    for (const c of list) {
      const ref = /^(\w+_refs?)(\[\*\])?\.value$/.exec(c.path);
      if (ref) {
        const target = finish({ type: refTargetType(c.path, String(c.value)), value: String(c.value) });
        refs.push(target);
        const name = ref[1]!;
        if (name.endsWith("_refs")) sco[name] = [...((sco[name] as string[]) ?? []), target.id];
        else sco[name] = target.id;
      } else if (c.path === "values[*].data") {
        sco.values = [...((sco.values as Json[]) ?? []), { data: c.value }];
      } else setNested(sco, c.path, c.value);
    }
    complete(sco, refs);
    const done = finish(sco);
    main.push(done);
    all.push(done, ...refs);
  }
  return { main, all };
}

/** How a path of the pattern tree is written in the attribute table. */
export function renderPath(path: ObjectPath): string {
  let out = "";
  path.steps.forEach((step, i) => {
    if (step.kind === "any") out += "[*]";
    else if (step.kind === "index") out += `[${step.index}]`;
    else if (i === 0) out += step.name;
    else out += /^[a-z_][a-z0-9_]*$/.test(step.name) ? `.${step.name}` : `.'${step.name}'`;
  });
  return out;
}

/**
 * The comparisons of a pattern made only of `=` tests joined by AND (within and between
 * observations), grouped per observation; null for anything else (OR, other operators,
 * qualifiers, NOT), which no MISP attribute can state.
 */
export function equalityGroups(pattern: string): Comparison[][] | null {
  let tree: ObservationNode;
  try {
    tree = parsePattern(pattern);
  } catch {
    return null;
  }
  const leaves = tree.kind === "obs-and" ? tree.operands : [tree];
  const groups: Comparison[][] = [];
  for (const leaf of leaves) {
    if (leaf.kind !== "observation") return null;
    const tests = leaf.comparison.kind === "and" ? leaf.comparison.operands : [leaf.comparison];
    const group: Comparison[] = [];
    for (const test of tests) {
      if (test.kind !== "test" || test.op !== "=" || test.negated || test.value === null) return null;
      const v = test.value.value;
      if (typeof v !== "string" && typeof v !== "number") return null;
      group.push({ type: test.path.objectType, path: renderPath(test.path), value: v });
    }
    groups.push(group);
  }
  return groups;
}

/** Properties of each SCO type the way back reads, with the path they take in comparisons. */
const SCO_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  "ipv4-addr": ["value"],
  "ipv6-addr": ["value"],
  "domain-name": ["value", "resolves_to_refs"],
  url: ["value"],
  file: ["name", "hashes", "size", "mime_type"],
  "email-addr": ["value"],
  "email-message": ["from_ref", "to_refs", "cc_refs", "subject", "additional_header_fields", "message_id", "body"],
  "network-traffic": ["src_ref", "dst_ref", "src_port", "dst_port"],
  mutex: ["name"],
  "windows-registry-key": ["key", "values"],
  "autonomous-system": ["number"],
  "mac-addr": ["value"],
  "x509-certificate": ["hashes", "serial_number", "issuer", "subject"],
};

const keyPath = (name: string, key: string) => (/^[a-z_][a-z0-9_]*$/.test(key) ? `${name}.${key}` : `${name}.'${key}'`);

/**
 * The comparisons an SCO states (the way back from observed-data), following its `_ref(s)` through
 * `lookup`; null for an SCO type no MISP attribute holds.
 */
export function comparisonsOfSco(sco: Json, lookup: (id: string) => Json | undefined): Comparison[] | null {
  const type = String(sco.type);
  const props = SCO_PROPERTIES[type];
  if (props === undefined) return null;
  const out: Comparison[] = [];
  const push = (path: string, value: unknown) => {
    if (typeof value === "string" || typeof value === "number") out.push({ type, path, value });
  };
  for (const prop of props) {
    const v = sco[prop];
    if (v === undefined || v === null) continue;
    if (prop.endsWith("_refs") && Array.isArray(v)) {
      for (const id of v) push(`${prop}[*].value`, lookup(String(id))?.value);
    } else if (prop.endsWith("_ref")) push(`${prop}.value`, lookup(String(v))?.value);
    else if (prop === "values" && Array.isArray(v)) for (const item of v) push("values[*].data", (item as Json)?.data);
    else if (typeof v === "object" && !Array.isArray(v)) {
      for (const [k, inner] of Object.entries(v as Json)) push(keyPath(prop, k), inner);
    } else push(prop, v);
  }
  return out;
}
