import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cyclesOf, importEdges, moduleOf } from "./import-graph.js";
import { PROJECT_ROOT } from "./index.js";

/**
 * The house rule of issue #10 item 8: no import cycles in src/, between files (at run time: a
 * cycle there makes a module see another half-initialized) and between modules (DESIGN.md's
 * one-way dependencies, types included). Tests and their fixtures may import upwards.
 */

const SRC = join(PROJECT_ROOT, "src");

describe("the import graph of src/", () => {
  const edges = importEdges(SRC);

  it("reads the imports there are", () => {
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    assert.ok(has("server/plugins.ts", "api/index.ts"), "server/plugins.ts imports the API");
    assert.ok(has("server/index.ts", "server/server.ts"), "re-exports count");
    assert.ok(
      edges.some((e) => e.from === "pattern/matchers.ts" && e.to === "pattern/compile-leaf.ts" && e.typeOnly),
      "type-only imports are told apart",
    );
    assert.equal(
      edges.some((e) => e.from.endsWith(".test.ts") || e.from.endsWith("-fixture.ts")),
      false,
    );
  });

  it("finds cycles when there are some", () => {
    const graph = [
      { from: "a", to: "b" },
      { from: "b", to: "c" },
      { from: "c", to: "a" },
      { from: "c", to: "d" },
      { from: "e", to: "e" },
    ];
    assert.deepEqual(cyclesOf(graph).sort(), [["a", "b", "c"], ["e"]]);
  });

  it("has no cycle between files at run time", () => {
    assert.deepEqual(cyclesOf(edges.filter((e) => !e.typeOnly)), []);
  });

  it("has no cycle between modules", () => {
    const between = edges.map((e) => ({ from: moduleOf(e.from), to: moduleOf(e.to) })).filter((e) => e.from !== e.to);
    assert.deepEqual(cyclesOf(between), []);
  });
});
