import type { ComparisonNode, ComparisonTest, ObservationNode } from "./ast.js";
import { type BindContext, type Binding, filterQualified, join, repeat, unitBinding } from "./bindings.js";
import { anyValue, compileSteps, ObservedValueError, valuePredicate } from "./compare.js";
import { fail } from "./errors.js";
import type { JsonObject, ObservationSet, PreparedObservation } from "./observations.js";
import { RegexSyntaxError } from "./regex.js";

/**
 * Compiles a parsed pattern into closures, built once and run without re-parsing: each
 * comparison becomes a function of one root object, each observation expression a function of
 * the prepared observations. Patterns of AND/OR between observation expressions without
 * qualifiers also get an allocation-free boolean path (`matches`).
 */

const ANY_VALUE = (_: unknown): boolean => true;

/** A test of one root object; `resolve` dereferences _ref/_refs. */
export type RootTest = (object: JsonObject, resolve: Map<string, unknown>) => boolean;

/** A compiled observation expression `[...]`. */
export interface CompiledLeaf {
  /** The object types whose objects can satisfy it. */
  types: string[];
  test: RootTest;
}

/** Which observed-data and which of their objects a match used. */
export interface MatchResult {
  matched: boolean;
  /** Ids of the observed-data in the first binding found, in input order. */
  observations: string[];
  /** For each of those observed-data, the keys (SCO ids, or objects keys in the 2.0 form) of the matched root objects. */
  objects: Record<string, string[]>;
}

/** A pattern compiled to closures. */
export interface CompiledMatcher {
  /** True when the observations satisfy the pattern. */
  matches(set: ObservationSet): boolean;
  /** Whether they do, and which observations and objects did. */
  match(set: ObservationSet): MatchResult;
}

function compileTest(node: ComparisonTest | { kind: "exists"; path: ComparisonTest["path"] }, text: string): RootTest {
  const type = node.path.objectType;
  const path = node.path.steps;
  let pred: (v: unknown) => boolean;
  if (node.kind === "exists") pred = ANY_VALUE;
  else {
    try {
      pred = valuePredicate(node.op, node.negated, node.value, node.set);
    } catch (error) {
      if (error instanceof RegexSyntaxError)
        fail(text, "PATTERN_BAD_REGEX", node.value?.start ?? node.start, error.message);
      throw error;
    }
  }
  const first = path[0]!;
  if (path.length === 1 && first.kind === "key" && !/_(hex|bin|refs?)$/.test(first.name)) {
    const name = first.name;
    const inherited = name in Object.prototype;
    const test: RootTest = (o) => {
      if (o.type !== type) return false;
      const v = o[name];
      return v !== undefined && (!inherited || Object.hasOwn(o, name)) && pred(v);
    };
    return positioned(test, node, text);
  }
  const steps = compileSteps(node.path);
  const test: RootTest = (o, resolve) => o.type === type && anyValue(o, steps, 0, resolve, pred);
  return positioned(test, node, text);
}

/**
 * Gives the observed-value errors of a comparison (see ObservedValueError) the pattern position
 * they come from: the timestamp literal, or the path whose reference is of the wrong type. Only
 * comparisons that can raise one are wrapped.
 */
function positioned(
  test: RootTest,
  node: ComparisonTest | { kind: "exists"; path: ComparisonTest["path"] },
  text: string,
): RootTest {
  const lit = node.kind === "exists" ? null : (node.value ?? node.set?.[0] ?? null);
  const timestamp = lit !== null && lit.kind === "timestamp";
  const refs = node.path.steps.some((s) => s.kind === "key" && /_refs?$/.test(s.name));
  if (!timestamp && !refs) return test;
  return (o, resolve) => {
    try {
      return test(o, resolve);
    } catch (error) {
      if (!(error instanceof ObservedValueError)) throw error;
      const at = error.code === "PATTERN_NOT_A_TIMESTAMP" && lit !== null ? lit.start : node.path.start;
      return fail(text, error.code, at, error.message);
    }
  };
}

function compileComparison(node: ComparisonNode, text: string, types: Set<string>): RootTest {
  if (node.kind === "test" || node.kind === "exists") {
    types.add(node.path.objectType);
    return compileTest(node, text);
  }
  const parts = node.operands.map((o) => compileComparison(o, text, types));
  if (parts.length === 2) {
    const [a, b] = parts as [RootTest, RootTest];
    return node.kind === "and" ? (o, r) => a(o, r) && b(o, r) : (o, r) => a(o, r) || b(o, r);
  }
  if (node.kind === "and") {
    return (o, r) => {
      for (const p of parts) if (!p(o, r)) return false;
      return true;
    };
  }
  return (o, r) => {
    for (const p of parts) if (p(o, r)) return true;
    return false;
  };
}

/** Compiles the comparison expression inside `[ ]`. */
export function compileLeaf(comparison: ComparisonNode, text: string): CompiledLeaf {
  if (comparison.kind === "test" || comparison.kind === "exists") {
    return { types: [comparison.path.objectType], test: compileTest(comparison, text) };
  }
  const types = new Set<string>();
  const test = compileComparison(comparison, text, types);
  return { types: [...types], test };
}

/** True when any root object of the leaf's types in `o` passes. */
export function leafHit(leaf: CompiledLeaf, o: PreparedObservation): boolean {
  const types = leaf.types;
  for (let t = 0; t < types.length; t++) {
    const roots = o.byType.get(types[t]!);
    if (roots === undefined) continue;
    for (let i = 0; i < roots.length; i++)
      if (leaf.test(roots[i]!.object, o.resolve as Map<string, unknown>)) return true;
  }
  return false;
}

export function leafObjects(leaf: CompiledLeaf, o: PreparedObservation): string[] {
  const out: string[] = [];
  for (const type of leaf.types) {
    for (const r of o.byType.get(type) ?? [])
      if (leaf.test(r.object, o.resolve as Map<string, unknown>)) out.push(r.key);
  }
  return out;
}

/** The binding closure tree of a pattern: every way its observation level can be satisfied. */
export type Binder = (ctx: BindContext, one: boolean) => Binding[];

export function compileBinder(node: ObservationNode, leaves: CompiledLeaf[], next: { i: number }): Binder {
  switch (node.kind) {
    case "observation": {
      const leaf = leaves[next.i++]!;
      return (ctx) => {
        const out: Binding[] = [];
        ctx.observations.forEach((o, i) => {
          const objects = leafObjects(leaf, o);
          if (objects.length > 0) out.push(unitBinding(i, o, objects));
        });
        return out;
      };
    }
    case "qualified": {
      const inner = compileBinder(node.operand, leaves, next);
      const q = node.qualifier;
      if (q.kind === "repeats") return (ctx) => repeat(inner(ctx, false), q.times, ctx, q.start);
      return (ctx) => filterQualified(inner(ctx, false), q);
    }
    case "obs-or": {
      const parts = node.operands.map((o) => compileBinder(o, leaves, next));
      return (ctx, one) => {
        const out: Binding[] = [];
        for (const p of parts) {
          for (const b of p(ctx, one)) out.push(b);
          if (one && out.length > 0) return out;
        }
        return out;
      };
    }
    default: {
      const parts = node.operands.map((o) => compileBinder(o, leaves, next));
      const followed = node.kind === "followedby";
      const at = node.start;
      return (ctx, one) => {
        let acc = parts[0]!(ctx, false);
        for (let k = 1; k < parts.length && acc.length > 0; k++) {
          acc = join(acc, parts[k]!(ctx, false), followed, ctx, at, one && k === parts.length - 1);
        }
        return acc;
      };
    }
  }
}
