import type { ObservationNode } from "./ast.js";
import type { BindContext, Binding } from "./bindings.js";
import type { Binder, CompiledLeaf, CompiledMatcher, MatchResult } from "./compile-leaf.js";
import { compileBinder, leafHit } from "./compile-leaf.js";
import { fail } from "./errors.js";
import type { ObservationSet, PreparedObservation } from "./observations.js";

/**
 * The three shapes of compiled matcher. They are classes so a compiled pattern is one object
 * whose methods live on a shared prototype: 100,000 patterns cost 100,000 small objects, not
 * 100,000 sets of closures. Each builds its binding closure tree only when `match` is first asked.
 */

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_CAPS = new Float64Array(0);

/** Turns the first binding into the observed-data ids and object keys it used. */
function describe(found: Binding, set: ObservationSet): MatchResult {
  const objects: Record<string, string[]> = {};
  const used = [...found.uses.keys()].sort((a, b) => a - b);
  for (const i of used) objects[set.observations[i]!.id] = [];
  for (const h of found.hits) {
    const list = objects[set.observations[h.obs]!.id]!;
    for (const k of h.objects) if (!list.includes(k)) list.push(k);
  }
  return { matched: true, observations: used.map((i) => set.observations[i]!.id), objects };
}

/** Patterns whose observation level needs the full binding search (qualifiers, FOLLOWEDBY). */
export class BindingMatcher implements CompiledMatcher {
  protected readonly leaves: CompiledLeaf[];
  protected readonly text: string;
  private readonly root: ObservationNode;
  private binder: Binder | null = null;

  constructor(leaves: CompiledLeaf[], root: ObservationNode, text: string) {
    this.leaves = leaves;
    this.root = root;
    this.text = text;
  }

  match(set: ObservationSet): MatchResult {
    this.binder ??= compileBinder(this.root, this.leaves, { i: 0 });
    const ctx: BindContext = { observations: set.observations, text: this.text };
    const found = this.binder(ctx, true)[0];
    return found === undefined ? { matched: false, observations: [], objects: {} } : describe(found, set);
  }

  matches(set: ObservationSet): boolean {
    return this.match(set).matched;
  }
}

/** A single observation expression: matches when any observation has a matching object. */
export class LeafMatcher extends BindingMatcher {
  override matches(set: ObservationSet): boolean {
    const leaf = this.leaves[0]!;
    const obs = set.observations;
    for (let i = 0; i < obs.length; i++) if (leafHit(leaf, obs[i]!)) return true;
    return false;
  }
}

/**
 * AND/OR of observation expressions without qualifiers: a disjunction of terms, each a set of
 * leaves that need distinct observations (number_observed gives an observation that many
 * slots). Matching assigns observations to leaves by backtracking over reused scratch arrays.
 */
export class DnfMatcher extends BindingMatcher {
  private readonly terms: number[][];
  private hit: Uint8Array = EMPTY_BYTES;
  private cap: Float64Array = EMPTY_CAPS;
  private budget = 0;

  constructor(leaves: CompiledLeaf[], root: ObservationNode, text: string, terms: number[][]) {
    super(leaves, root, text);
    this.terms = terms;
  }

  override matches(set: ObservationSet): boolean {
    const obs = set.observations;
    const stride = obs.length;
    const size = this.leaves.length * stride;
    if (this.hit.length < size) this.hit = new Uint8Array(size * 2);
    else this.hit.fill(0, 0, size);
    if (this.cap.length < stride) this.cap = new Float64Array(stride * 2);
    const cap = this.cap;
    for (let i = 0; i < stride; i++) cap[i] = obs[i]!.count;
    this.budget = 100_000;
    const terms = this.terms;
    for (let t = 0; t < terms.length; t++) if (this.assign(terms[t]!, 0, obs, stride)) return true;
    return false;
  }

  private assign(term: number[], k: number, obs: PreparedObservation[], stride: number): boolean {
    if (k === term.length) return true;
    if (--this.budget < 0)
      fail(this.text, "PATTERN_EVAL_LIMIT", 0, "too many ways to assign observations to the pattern");
    const leaf = term[k]!;
    const base = leaf * stride;
    const hit = this.hit;
    const cap = this.cap;
    for (let i = 0; i < obs.length; i++) {
      if (cap[i]! <= 0) continue;
      let h = hit[base + i]!;
      if (h === 0) {
        h = leafHit(this.leaves[leaf]!, obs[i]!) ? 2 : 1;
        hit[base + i] = h;
      }
      if (h !== 2) continue;
      cap[i]!--;
      const ok = this.assign(term, k + 1, obs, stride);
      cap[i]!++;
      if (ok) return true;
    }
    return false;
  }
}
