import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AREAS, orderedMigrations } from "./migrate.js";
import type { AreaMigrations } from "./migration.js";

const noop = () => [];

describe("store migrations by area", () => {
  it("numbers every area's migrations inside its own block, once each, in order", () => {
    const all = orderedMigrations(AREAS);
    const versions = all.map((m) => m.version);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => a - b),
    );
    assert.equal(new Set(versions).size, versions.length);
    // The history before areas had blocks keeps its numbers.
    for (const v of [1, 2, 3, 4, 5, 6, 20]) assert.ok(versions.includes(v), `migration ${v} is registered`);
  });

  it("refuses a migration outside its area's block, a version claimed twice and overlapping blocks", () => {
    const area = (name: string, block: [number, number], versions: number[]): AreaMigrations => ({
      area: name,
      block,
      migrations: versions.map((version) => ({ version, name: `m${version}`, statements: noop })),
    });
    assert.throws(
      () => orderedMigrations([area("a", [60, 79], [80])]),
      /migration 80 of store area "a" is outside its block 60–79/,
    );
    assert.throws(
      () => orderedMigrations([area("a", [60, 79], [60]), area("b", [70, 89], [80])]),
      /"a" and "b" have overlapping migration blocks/,
    );
    assert.throws(
      () =>
        orderedMigrations([
          { ...area("a", [60, 79], []), legacy: [5], migrations: [{ version: 5, name: "x", statements: noop }] },
          { ...area("b", [80, 99], []), legacy: [5], migrations: [{ version: 5, name: "y", statements: noop }] },
        ]),
      /migration 5 is claimed by store areas "a" and "b"/,
    );
  });
});
