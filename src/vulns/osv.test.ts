import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { VulnProblem } from "./errors.js";
import type { Finding } from "./match.js";
import { type OsvRecord, osvDocumentRecords, readOsv } from "./osv.js";
import { buildOsvIndex, matchOsv, mergeFindings } from "./osv-match.js";

const record = (id: string, affected: unknown[], extra: Record<string, unknown> = {}): OsvRecord => {
  const problems: VulnProblem[] = [];
  const r = readOsv({ id, modified: "2024-01-01T00:00:00Z", aliases: [], affected, ...extra }, 0, problems);
  assert.ok(r);
  return r;
};
const pkg = (ecosystem: string, name: string, events: Record<string, string>[], type = "ECOSYSTEM") => ({
  package: { ecosystem, name },
  ranges: [{ type, events }],
});
const hits = (records: OsvRecord[], ...purls: string[]) =>
  matchOsv(buildOsvIndex(records), { key: "a", software: purls.map((purl) => ({ purl })) }).map(
    (f) => `${f.purls?.[0]} ${f.cveId}`,
  );

describe("OSV records", () => {
  it("reads a record, an array, an OSV API answer; anything else is not OSV", () => {
    const one = { id: "X", modified: "2024-01-01T00:00:00Z" };
    assert.deepEqual(osvDocumentRecords(one), [one]);
    assert.deepEqual(osvDocumentRecords([one, one]), [one, one]);
    assert.deepEqual(osvDocumentRecords({ vulns: [one] }), [one]);
    assert.equal(osvDocumentRecords({ dataType: "CVE_RECORD" }), null);
    const problems: VulnProblem[] = [];
    assert.equal(readOsv({ id: "X" }, 3, problems), null);
    assert.deepEqual(
      problems.map((p) => [p.code, p.index]),
      [["OSV_NOT_A_RECORD", 3]],
    );
  });

  it("keeps SEMVER and ECOSYSTEM ranges, drops GIT ones, reports an affected entry without a package", () => {
    const problems: VulnProblem[] = [];
    const r = readOsv(
      {
        id: "GO-2024-0001",
        modified: "2024-01-01T00:00:00Z",
        aliases: ["CVE-2024-0001", "GHSA-aaaa-bbbb-cccc"],
        database_specific: { severity: "high" },
        affected: [
          {
            package: { ecosystem: "Go", name: "example.com/m" },
            ranges: [
              { type: "GIT", repo: "x", events: [{ introduced: "abc" }] },
              { type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.2.0" }] },
            ],
          },
          { ranges: [] },
        ],
      },
      0,
      problems,
    );
    assert.equal(r?.affected.length, 1);
    assert.deepEqual(
      r?.affected[0]?.ranges.map((x) => x.type),
      ["SEMVER"],
    );
    assert.equal(r?.severity, "HIGH");
    assert.deepEqual(
      problems.map((p) => p.path),
      ["affected[1].package"],
    );
  });
});

describe("OSV matching", () => {
  it("applies introduced (inclusive), fixed (exclusive), last_affected (inclusive), limit and versions", () => {
    const recs = [
      record("A", [pkg("npm", "p", [{ introduced: "1.0.0" }, { fixed: "1.5.0" }])], { aliases: ["CVE-2024-1"] }),
      record("B", [pkg("npm", "p", [{ introduced: "0" }, { last_affected: "0.9.0" }])]),
      record("C", [pkg("npm", "p", [{ introduced: "2.0.0" }, { limit: "2.1.0" }])]),
      record("D", [{ package: { ecosystem: "npm", name: "p" }, versions: ["3.0.0"] }]),
    ];
    const at = (v: string) => hits(recs, `pkg:npm/p@${v}`);
    assert.deepEqual(at("1.0.0"), ["pkg:npm/p@1.0.0 CVE-2024-1"]);
    assert.deepEqual(at("1.4.9"), ["pkg:npm/p@1.4.9 CVE-2024-1"]);
    assert.deepEqual(at("1.5.0"), []);
    assert.deepEqual(at("0.9.0"), ["pkg:npm/p@0.9.0 B"]);
    assert.deepEqual(at("0.9.1"), []);
    assert.deepEqual(at("2.0.5"), ["pkg:npm/p@2.0.5 C"]);
    assert.deepEqual(at("2.1.0"), []);
    assert.deepEqual(at("3.0.0"), ["pkg:npm/p@3.0.0 D"]);
  });

  it("names packages the way each ecosystem does, and a withdrawn advisory matches nothing", () => {
    const recs = [
      record("PY", [pkg("PyPI", "Django_Rest.framework", [{ introduced: "0" }, { fixed: "3.0rc1" }])]),
      record("GO", [pkg("Go", "github.com/gin-gonic/gin", [{ introduced: "0" }, { fixed: "1.9.1" }], "SEMVER")]),
      record("RS", [pkg("crates.io", "hyper", [{ introduced: "0.14.0" }, { fixed: "0.14.10" }])]),
      record("MV", [pkg("Maven", "org.x:y", [{ introduced: "0" }, { fixed: "2.0" }])]),
      record("SC", [pkg("npm", "@scope/lib", [{ introduced: "0" }, { fixed: "1.0.0" }])]),
      record("WD", [pkg("npm", "gone", [{ introduced: "0" }])], { withdrawn: "2024-02-01T00:00:00Z" }),
      record("NU", [pkg("NuGet", "p", [{ introduced: "0" }])]),
    ];
    assert.deepEqual(
      hits(
        recs,
        "pkg:pypi/django-rest-framework@2.9",
        "pkg:pypi/django-rest-framework@3.0",
        "pkg:golang/github.com/gin-gonic/gin@v1.9.0",
        "pkg:cargo/hyper@0.14.9",
        "pkg:maven/org.x/y@2.0-rc1?type=jar",
        "pkg:maven/org.x/y@2.0.Final",
        "pkg:npm/%40scope/lib@0.9.0",
        "pkg:npm/gone@1.0.0",
        "pkg:nuget/p@1.0.0",
        "pkg:npm/p@1.0.0",
      ),
      [
        "pkg:pypi/django-rest-framework@2.9 PY",
        "pkg:golang/github.com/gin-gonic/gin@v1.9.0 GO",
        "pkg:cargo/hyper@0.14.9 RS",
        "pkg:maven/org.x/y@2.0-rc1?type=jar MV",
        "pkg:npm/%40scope/lib@0.9.0 SC",
      ],
    );
  });

  it("reads SEMVER ranges in SemVer's order whatever the ecosystem, and matches listed versions as text too", () => {
    // Maven orders 2.0.0-jre after 2.0.0 (an unknown qualifier); SemVer before it (a pre-release).
    const semverRange = record("S", [pkg("Maven", "g:a", [{ introduced: "0" }, { fixed: "2.0.0" }], "SEMVER")]);
    const ecoRange = record("E", [pkg("Maven", "g:a", [{ introduced: "0" }, { fixed: "2.0.0" }])]);
    assert.deepEqual(hits([semverRange, ecoRange], "pkg:maven/g/a@2.0.0-jre"), ["pkg:maven/g/a@2.0.0-jre S"]);
    const listed = record("L", [{ package: { ecosystem: "PyPI", name: "p" }, versions: ["build-7"] }]);
    assert.deepEqual(hits([listed], "pkg:pypi/p@build-7", "pkg:pypi/p@build-8"), ["pkg:pypi/p@build-7 L"]);
  });

  it("merges findings of one asset and CVE, and an OSV range confirms a KEV lead", () => {
    const base = { assetKey: "a", cpes: [] as string[], criteria: [] as string[] };
    const kev: Finding = { ...base, cveId: "CVE-1", basis: "kev-product", sources: ["kev"], cpes: ["cpe:k"] };
    const nvd: Finding = { ...base, cveId: "CVE-2", basis: "nvd-configuration", sources: ["nvd"], criteria: ["n"] };
    const osv = (cveId: string): Finding => ({
      ...base,
      cveId,
      basis: "osv-range",
      sources: ["osv"],
      purls: ["pkg:npm/p@1"],
      criteria: ["o"],
      advisories: [`GHSA-${cveId}`],
    });
    const merged = mergeFindings([kev, nvd], [osv("CVE-1"), osv("CVE-2"), osv("CVE-3")]);
    assert.deepEqual(
      merged.map((f) => [f.cveId, f.basis, f.sources.join("+"), f.criteria.join(",")]),
      [
        ["CVE-1", "osv-range", "kev+osv", "o"],
        ["CVE-2", "nvd-configuration", "nvd+osv", "n,o"],
        ["CVE-3", "osv-range", "osv", "o"],
      ],
    );
    assert.deepEqual(merged[0]?.cpes, ["cpe:k"]);
  });
});
