import { CLASS_RULES, COMMON_PROPS, OBJECT_SPECS } from "./object-specs.js";
import type { Constraint, ObjectSpec, PropSpec, TypeClass, TypeSpec } from "./property-spec.js";
import { SCO_SPECS } from "./sco-specs.js";

/**
 * The tables of object-specs.ts and sco-specs.ts, compiled once at load: one map per type
 * holding its own and its common properties, with the common properties that do not apply
 * mapped to null, so the checker does one Map lookup per property.
 */

/** A type's compiled rules. */
export interface CompiledType {
  type: string;
  cls: TypeClass | "custom";
  /** Property name → rule; null = the spec says this common property does not apply. */
  props: ReadonlyMap<string, PropSpec | null>;
  /** Required property names, `type` and `id` excluded (checked first, separately). */
  required: readonly string[];
  constraints: readonly Constraint[];
  extensions: Readonly<Record<string, ObjectSpec>>;
  /** Names of the type's own (non-common) properties, for "at least one property" rules. */
  own: readonly string[];
}

function compile(type: string, spec: TypeSpec): CompiledType {
  const rules = CLASS_RULES[spec.cls];
  const props = new Map<string, PropSpec | null>();
  for (const [name, p] of Object.entries(COMMON_PROPS)) props.set(name, rules.forbidden.includes(name) ? null : p);
  for (const [name, p] of Object.entries(spec.props)) props.set(name, p);
  // `extensions` has its own checker; only its absence from a class is recorded here.
  if (rules.forbidden.includes("extensions")) props.set("extensions", null);
  const required = [...rules.required];
  for (const [name, p] of Object.entries(spec.props)) if (p.required) required.push(name);
  return {
    type,
    cls: spec.cls,
    props,
    required,
    constraints: spec.constraints,
    extensions: spec.extensions,
    own: Object.keys(spec.props),
  };
}

/** Every type defined by STIX 2.1, compiled. */
export const TYPES: ReadonlyMap<string, CompiledType> = new Map(
  [...Object.entries(OBJECT_SPECS), ...Object.entries(SCO_SPECS)].map(([type, spec]) => [type, compile(type, spec)]),
);

/** Custom object types (§11.2): common properties are checked where present, nothing more. */
export const CUSTOM_TYPE: CompiledType = {
  type: "custom",
  cls: "custom",
  props: new Map<string, PropSpec | null>(Object.entries(COMMON_PROPS)),
  required: [],
  constraints: [],
  extensions: {},
  own: [],
};

/** The class of every STIX-defined type, for reference-target checks. */
export const CLASS_OF: ReadonlyMap<string, TypeClass> = new Map(
  [...Object.entries(OBJECT_SPECS), ...Object.entries(SCO_SPECS)].map(([type, spec]) => [type, spec.cls]),
);

/** True for the SCO types STIX 2.1 defines. */
export function isScoType(type: string): boolean {
  return CLASS_OF.get(type) === "sco";
}

/** Every object type STIX 2.1 defines, for telling a misspelt type from a custom one. */
export const STIX_TYPE_NAMES: readonly string[] = [...TYPES.keys()].sort();
