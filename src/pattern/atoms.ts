import type { ComparisonNode, ComparisonTest, ObservationNode } from "./ast.js";
import { canonicalBlock, parseIpBlock } from "./cidr.js";

/**
 * Index atoms: the parts of a pattern the detection index can look up in constant time —
 * equality on an address, domain, URL, e-mail address or hash, and subnets via ISSUBSET, also
 * behind network-traffic src_ref/dst_ref. A pattern is
 *  - "atoms" when it is exactly "any of these atoms" (one observation, no qualifier, OR of them),
 *  - "prefilter" when every match must hit one of its atoms but the closure must confirm it,
 *  - "closure" when no atom is necessary (it is evaluated by its compiled closure alone).
 */

/** One index entry: `key` names the property (`ipv4-addr:value`, `file:hashes.SHA-256`, `network-traffic:dst_ref.value`). */
export interface Atom {
  kind: "equals" | "subnet";
  key: string;
  /** The value for equals; the canonical network ("10.0.0.0/8") for subnet. */
  value: string;
}

/** How a pattern is served by the index. */
export type PatternClass = "atoms" | "prefilter" | "closure";

const VALUE_TYPES = new Set(["ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr"]);
const ADDRESS_TYPES = new Set(["ipv4-addr", "ipv6-addr"]);

function keyOf(t: ComparisonTest): { key: string; address: boolean } | null {
  const { objectType, steps } = t.path;
  const names = steps.map((s) => (s.kind === "key" ? s.name : null));
  if (names.includes(null)) return null;
  if (names.length === 1 && names[0] === "value" && VALUE_TYPES.has(objectType)) {
    return { key: `${objectType}:value`, address: ADDRESS_TYPES.has(objectType) };
  }
  if (names.length === 2 && names[0] === "hashes" && (objectType === "file" || objectType === "x509-certificate")) {
    return { key: `${objectType}:hashes.${names[1]}`, address: false };
  }
  if (
    objectType === "network-traffic" &&
    names.length === 2 &&
    names[1] === "value" &&
    (names[0] === "src_ref" || names[0] === "dst_ref")
  ) {
    return { key: `network-traffic:${names[0]}.value`, address: true };
  }
  return null;
}

/** The atoms that exactly express a comparison, or null when it is not a pure OR of atom tests. */
function exactAtoms(node: ComparisonNode): Atom[] | null {
  if (node.kind === "exists") return null;
  if (node.kind === "and") return null;
  if (node.kind === "or") {
    const out: Atom[] = [];
    for (const o of node.operands) {
      const a = exactAtoms(o);
      if (a === null) return null;
      out.push(...a);
    }
    return out;
  }
  if (node.kind !== "test" || node.negated) return null;
  const k = keyOf(node);
  if (k === null) return null;
  if (node.op === "=" && node.value?.kind === "string")
    return [{ kind: "equals", key: k.key, value: node.value.value as string }];
  if (node.op === "IN" && node.set !== null && node.set.length > 0 && node.set.every((m) => m.kind === "string")) {
    return node.set.map((m) => ({ kind: "equals" as const, key: k.key, value: m.value as string }));
  }
  if (node.op === "ISSUBSET" && k.address && node.value !== null) {
    const block = parseIpBlock(node.value.value as string);
    if (block !== null) return [{ kind: "subnet", key: k.key, value: canonicalBlock(block) }];
  }
  return null;
}

/** Atoms of which every match hits at least one (a necessary condition), or null. */
function necessaryAtoms(node: ComparisonNode): Atom[] | null {
  const exact = exactAtoms(node);
  if (exact !== null) return exact;
  if (node.kind === "and") {
    let best: Atom[] | null = null;
    for (const o of node.operands) {
      const a = necessaryAtoms(o);
      if (a !== null && (best === null || a.length < best.length)) best = a;
    }
    return best;
  }
  if (node.kind === "or") {
    const out: Atom[] = [];
    for (const o of node.operands) {
      const a = necessaryAtoms(o);
      if (a === null) return null;
      out.push(...a);
    }
    return out;
  }
  return null;
}

/** Collects the leaves of a pattern that is one leaf or an OR of leaves; false for any other shape. */
function collectOrLeaves(n: ObservationNode, leaves: ComparisonNode[]): boolean {
  if (n.kind === "observation") {
    leaves.push(n.comparison);
    return true;
  }
  if (n.kind !== "obs-or") return false;
  for (const o of n.operands) if (!collectOrLeaves(o, leaves)) return false;
  return true;
}

/**
 * Atoms every match of an observation-level node hits: a qualified expression needs its inner
 * one; OR needs one of its operands (so the union of theirs); AND and FOLLOWEDBY need all their
 * operands (so any one operand's atoms do — the smallest set is kept).
 */
function neededAtoms(n: ObservationNode): Atom[] | null {
  if (n.kind === "observation") return necessaryAtoms(n.comparison);
  if (n.kind === "qualified") return neededAtoms(n.operand);
  if (n.kind === "obs-or") {
    const out: Atom[] = [];
    for (const o of n.operands) {
      const a = neededAtoms(o);
      if (a === null) return null;
      out.push(...a);
    }
    return out;
  }
  let best: Atom[] | null = null;
  for (const o of n.operands) {
    const a = neededAtoms(o);
    if (a !== null && (best === null || a.length < best.length)) best = a;
  }
  return best;
}

/** Classifies a pattern and extracts its atoms (empty for "closure"). */
export function extractAtoms(root: ObservationNode): { kind: PatternClass; atoms: Atom[] } {
  const leaves: ComparisonNode[] = [];
  if (collectOrLeaves(root, leaves)) {
    const exact: Atom[] = [];
    for (const c of leaves) {
      const a = exactAtoms(c);
      if (a === null) {
        exact.length = 0;
        break;
      }
      for (const x of a) exact.push(x);
    }
    if (exact.length > 0) return { kind: "atoms", atoms: exact };
  }
  const atoms = neededAtoms(root);
  return atoms === null ? { kind: "closure", atoms: [] } : { kind: "prefilter", atoms };
}
