import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { parsePurl, readInventoryFile } from "../assets/index.js";
import { sharedData } from "../testing/index.js";
import { ecosystemOf, packageKey, purlPackage } from "./ecosystems/index.js";
import type { VulnProblem } from "./errors.js";
import { type OsvRecord, readOsv } from "./osv.js";
import { buildOsvIndex, matchOsv } from "./osv-match.js";

/**
 * The real advisories of ../shared/data/osv-advisories against the real SBOMs of
 * ../shared/data/cyclonedx-sbom: every expected hit and miss of its SOURCE.md table holds. The
 * table is read as it is written — a row names one or more component versions, the SBOMs they
 * are in, the advisories expected to affect them and those expected not to.
 */

const SBOMS: Record<string, string> = {
  cern: "cern-lhc-vdm-editor.bom.json",
  juice: "juice-shop-v11.1.2.bom.json",
  proton: "protonmail-webclient-v4.bom.json",
  dw: "dropwizard-1.3.15.bom.json",
  lara: "laravel-7.12.0.bom.1.4.json",
};
const GHSA = /GHSA(?:-[0-9a-z]{4}){3}/g;

interface Row {
  purls: string[];
  sboms: string[];
  affects: string[];
  spares: string[];
}

/** The rows of the "Expected matches" table. */
function readTable(markdown: string): Row[] {
  const section = markdown.slice(markdown.indexOf("## Expected matches"), markdown.indexOf("### Name-mismatch"));
  const rows: Row[] = [];
  for (const line of section.split("\n")) {
    if (!line.startsWith("| pkg:")) continue;
    const [what, where, affects, spares] = line
      .split("|")
      .slice(1, 5)
      .map((c) => c.trim()) as string[];
    // "pkg:npm/ws@5.2.2, @6.1.4" and "pkg:npm/ansi-regex@3.0.0 / @4.1.0": one base, several versions.
    const [first, ...more] = (what as string).split(/\s*(?:,|\s\/)\s*(?=@)/);
    const base = (first as string).slice(0, (first as string).lastIndexOf("@"));
    const purls = [first as string, ...more.map((v) => `${base}${v}`)];
    const sboms = ((where as string).match(/\b(cern|juice|proton|dw|lara)\b/g) ?? []) as string[];
    rows.push({
      purls,
      sboms,
      affects: (affects as string).match(GHSA) ?? [],
      spares: (spares as string).match(GHSA) ?? [],
    });
  }
  return rows;
}

/** A purl without qualifiers (the dropwizard SBOM writes ?type=jar). */
const bare = (purl: string) => purl.replace(/[?#].*$/, "");

test("the OSV hits and misses of osv-advisories/SOURCE.md all hold on the real SBOMs", async (t) => {
  const advisories = sharedData(t, "osv-advisories");
  const sbomDir = sharedData(t, "cyclonedx-sbom");
  if (!advisories || !sbomDir) return;
  const records = new Map<string, OsvRecord>();
  const problems: VulnProblem[] = [];
  for (const name of (await readdir(advisories)).filter((n) => n.endsWith(".json"))) {
    const record = readOsv(JSON.parse(await readFile(join(advisories, name), "utf8")), 0, problems);
    assert.ok(record, name);
    records.set(record.id, record);
  }
  assert.equal(records.size, 61);
  // marsdb's `"fixed": ""` is the one malformed event of the set; it is reported, not fatal.
  assert.deepEqual(
    problems.map((p) => `${p.id} ${p.path}`),
    ["GHSA-5mrr-rgp6-x4gr affected[0].ranges[0].events[1].fixed"],
  );
  const index = buildOsvIndex(records.values());
  const found = new Map<string, Set<string>>();
  for (const [label, file] of Object.entries(SBOMS)) {
    const { assets } = readInventoryFile(await readFile(join(sbomDir, file), "utf8"), { input: file });
    assert.equal(assets.length, 1, file);
    const asset = assets[0] as (typeof assets)[0];
    const hits = new Set<string>();
    for (const f of matchOsv(index, asset)) for (const p of f.purls ?? []) hits.add(`${bare(p)} ${f.advisories?.[0]}`);
    found.set(label, hits);
    found.set(`${label}:purls`, new Set(asset.software.flatMap((s) => (s.purl ? [bare(s.purl)] : []))));
  }

  // The XML form of the laravel SBOM names the same components: the same advisories apply.
  const xml = readInventoryFile(await readFile(join(sbomDir, "laravel-7.12.0.bom.1.4.xml"), "utf8"), { input: "xml" });
  const xmlHits = new Set<string>();
  for (const f of matchOsv(index, xml.assets[0] as (typeof xml.assets)[0]))
    for (const p of f.purls ?? []) xmlHits.add(`${bare(p)} ${f.advisories?.[0]}`);
  assert.ok(xmlHits.size > 0);
  assert.deepEqual([...xmlHits].sort(), [...(found.get("lara") as Set<string>)].sort());

  const rows = readTable(await readFile(join(advisories, "SOURCE.md"), "utf8"));
  let affected = 0;
  let notAffected = 0;
  let nameMismatch = 0;
  for (const row of rows) {
    assert.ok(row.sboms.length > 0, `row ${row.purls[0]} names its SBOMs`);
    for (const purl of row.purls) {
      // "5.0.0 juice only": a version is checked in the SBOMs that have it, and must be in one.
      const inSboms = row.sboms.filter((s) => found.get(`${s}:purls`)?.has(purl));
      assert.ok(inSboms.length > 0, `${purl} is in ${row.sboms.join(", ")}`);
      for (const sbom of inSboms) {
        const hits = found.get(sbom) as Set<string>;
        for (const id of row.affects) assert.ok(hits.has(`${purl} ${id}`), `${purl} (${sbom}) affected by ${id}`);
        for (const id of row.spares) assert.ok(!hits.has(`${purl} ${id}`), `${purl} (${sbom}) not affected by ${id}`);
      }
      affected += row.affects.length;
      const pkg = purlPackage(parsePurl(purl));
      for (const id of row.spares) {
        const named = (records.get(id) as OsvRecord).affected.some((a) => {
          const eco = ecosystemOf(a.ecosystem);
          return eco !== null && pkg !== null && packageKey(eco, a.name) === pkg.key;
        });
        if (named) notAffected++;
        else nameMismatch++;
      }
    }
  }
  // SOURCE.md: 96 (version, advisory) pairs whose names match, 67 affected and 29 not; 5 pairs differ by name.
  assert.deepEqual({ affected, notAffected, nameMismatch }, { affected: 67, notAffected: 29, nameMismatch: 5 });
});
