import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/**
 * The import graph of src/, read from the files' own text (relative imports and re-exports, and
 * `import()`), for the test that keeps it free of cycles. A `import type` / `export type` is
 * left out of the runtime graph (TypeScript erases it), but kept in the full one.
 */

/** Test support beside the code (fixtures, shared cases): test-only, so it may use the modules above it. */
const TEST_ONLY = /(\.test|[.-]fixture|\.cases)\.ts$/;

/** Whose imports count: every .ts under src/ but the tests and their support. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !TEST_ONLY.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`, with whether only types come through. */
const IMPORT =
  /(?:^|\n)\s*(import|export)\s+(type\s+)?([^;"'`]*?)\s*from\s*["']([^"']+)["']|(?:^|\n)\s*import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** True when every name of an import clause is a type (`{ type A, type B }`). */
function typesOnly(clause: string): boolean {
  const braces = /^\{([\s\S]*)\}$/.exec(clause.trim());
  if (!braces) return false;
  const names = (braces[1] ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  return names.length > 0 && names.every((n) => n.startsWith("type "));
}

/** One file's imports of other files under src/. */
export interface ImportEdge {
  from: string;
  to: string;
  /** Only types come through: erased at run time. */
  typeOnly: boolean;
}

/** Every relative import between the source files of `root` (paths relative to it). */
export function importEdges(root: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    // Comments may quote imports (the examples in index.ts files): they are not imports.
    const text = readFileSync(file, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/(^|[^:"'])\/\/[^\n]*/g, "$1");
    for (const m of text.matchAll(IMPORT)) {
      const target = m[4] ?? m[5] ?? m[6] ?? "";
      if (!target.startsWith(".")) continue;
      const typeOnly = m[2] !== undefined || (m[4] !== undefined && typesOnly(m[3] ?? ""));
      const to = resolve(dirname(file), target.replace(/\.js$/, ".ts"));
      edges.push({ from: relative(root, file), to: relative(root, to), typeOnly });
    }
  }
  return edges;
}

/**
 * The cycles of a graph: each strongly connected component of more than one node (or a node that
 * imports itself), its members sorted (Tarjan's algorithm).
 */
export function cyclesOf(edges: readonly { from: string; to: string }[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    if (!next.has(e.from)) next.set(e.from, []);
    if (!next.has(e.to)) next.set(e.to, []);
    next.get(e.from)?.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      for (;;) {
        const w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
        if (w === v) break;
      }
      const selfLoop = (next.get(v) ?? []).includes(v);
      if (component.length > 1 || selfLoop) out.push(component.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** The module (first folder under src/) of a path relative to src/; files at the top are their own. */
export function moduleOf(path: string): string {
  const slash = path.indexOf("/");
  return slash < 0 ? path : path.slice(0, slash);
}
