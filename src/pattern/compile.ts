import { forEachLeaf, type ObservationNode } from "./ast.js";
import { type CompiledLeaf, type CompiledMatcher, compileLeaf } from "./compile-leaf.js";
import { BindingMatcher, DnfMatcher, LeafMatcher } from "./matchers.js";

/**
 * A pattern's tree compiled into its matcher: one of matchers.ts, over the leaves and binders of
 * compile-leaf.ts (apart, so that the matchers can use them without importing this file).
 */

export type { CompiledLeaf, CompiledMatcher, MatchResult } from "./compile-leaf.js";

/** DNF of a qualifier-free AND/OR tree of leaves, as lists of leaf indices; null when too big or not of that shape. */
function dnf(node: ObservationNode, next: { i: number }): number[][] | null {
  if (node.kind === "observation") return [[next.i++]];
  if (node.kind === "obs-or") {
    const out: number[][] = [];
    for (const o of node.operands) {
      const d = dnf(o, next);
      if (d === null) return null;
      out.push(...d);
      if (out.length > 64) return null;
    }
    return out;
  }
  if (node.kind === "obs-and") {
    let acc: number[][] = [[]];
    for (const o of node.operands) {
      const d = dnf(o, next);
      if (d === null || acc.length * d.length > 64) return null;
      acc = acc.flatMap((a) => d.map((b) => a.concat(b)));
    }
    return acc.every((t) => t.length <= 16) ? acc : null;
  }
  return null;
}

/** Compiles a parsed pattern (its source `text` is used for error positions). */
export function compileMatcher(root: ObservationNode, text: string): CompiledMatcher {
  const leaves: CompiledLeaf[] = [];
  forEachLeaf(root, (leaf) => {
    leaves.push(compileLeaf(leaf.comparison, text));
  });
  if (root.kind === "observation") return new LeafMatcher(leaves, root, text);
  const terms = dnf(root, { i: 0 });
  if (terms === null) return new BindingMatcher(leaves, root, text);
  return new DnfMatcher(leaves, root, text, terms);
}
