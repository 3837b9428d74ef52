import type { AccessContext, Store, StoredObject } from "../../store/index.js";
import { INTEL_SUMMARY, type IntelSummary, parsed, referencesOf, summarize } from "../intel-summary.js";

/**
 * One object's neighbourhood as a small graph: the objects it references, the objects that
 * reference it (reports, sightings, notes), and the far end of each relationship naming it (the
 * relationship is the edge, labelled with its type). Each node is read through the store with
 * the reader's context, so a node TLP hides is not in the graph, nor are its edges.
 */

/** Most nodes of a graph: enough to read, few enough to draw (OpenCTI's 500-node graphs are the counter-example). */
export const MAX_NODES = 40;

/** An edge: `source` → `target`, labelled with the property or relationship type. */
export interface GraphEdge {
  source: string;
  target: string;
  label: string;
}

/** The JSON schema of a graph. */
export const GRAPH = {
  type: "object",
  properties: {
    nodes: { type: "array", items: INTEL_SUMMARY },
    edges: {
      type: "array",
      items: {
        type: "object",
        properties: { source: { type: "string" }, target: { type: "string" }, label: { type: "string" } },
      },
    },
    truncated: { type: "boolean" },
  },
} as const;

/** The graph around `center` (its parsed text `o`, and the versions that reference it). */
export async function buildGraph(
  store: Store,
  ctx: AccessContext,
  center: StoredObject,
  o: Record<string, unknown>,
  referrers: readonly StoredObject[],
): Promise<{ nodes: IntelSummary[]; edges: GraphEdge[]; truncated: boolean }> {
  const edges: GraphEdge[] = [];
  const known = new Map<string, IntelSummary>([[center.id, summarize(center, o)]]);
  const wanted = new Set<string>();
  for (const ref of referencesOf(o)) {
    edges.push({ source: center.id, target: ref.id, label: ref.property });
    wanted.add(ref.id);
  }
  for (const r of referrers) {
    const ro = parsed(r);
    if (r.type === "relationship" && typeof ro.source_ref === "string" && typeof ro.target_ref === "string") {
      const label = typeof ro.relationship_type === "string" ? ro.relationship_type : "related-to";
      edges.push({ source: ro.source_ref, target: ro.target_ref, label });
      wanted.add(ro.source_ref === center.id ? ro.target_ref : ro.source_ref);
      continue;
    }
    known.set(r.id, summarize(r, ro));
    const via = referencesOf(ro).find((ref) => ref.id === center.id);
    edges.push({ source: r.id, target: center.id, label: via?.property ?? "refers" });
  }
  const ids = [...wanted].filter((id) => !known.has(id));
  if (ids.length > 0) {
    const page = await store.queryObjects(ctx, { ids }, { limit: ids.length });
    for (const n of page.objects) known.set(n.id, summarize(n));
  }
  const nodes = [...known.values()];
  const truncated = nodes.length > MAX_NODES;
  const kept = new Set(nodes.slice(0, MAX_NODES).map((n) => n.id));
  return {
    nodes: nodes.filter((n) => kept.has(n.id)),
    edges: edges.filter((e) => kept.has(e.source) && kept.has(e.target)),
    truncated,
  };
}
