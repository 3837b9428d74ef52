import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "csv-parse/sync";
import type { Asset } from "../assets/index.js";
import { isStixId, STIX_SCO_NAMESPACE, TLP_MARKING_IDS, tlpOf, uuidV5 } from "../stix/index.js";
import { ACTION_CSV_COLUMNS, actionsToCsv, actionsToStix, csvCell } from "./export.js";
import type { ActionItem } from "./rank.js";

const ASSET: Asset = {
  key: "mac:aa:bb:cc:dd:ee:ff",
  name: 'gw, "north"',
  organizationId: "org-a",
  siteId: null,
  addresses: ["10.0.0.1"],
  macs: ["aa:bb:cc:dd:ee:ff"],
  hostnames: [],
  role: "network-edge",
  roleSource: "confirmed",
  roleEvidence: [],
  criticality: "high",
  internetExposed: true,
  owner: null,
  vendor: null,
  ports: [],
  software: [
    {
      name: "ios_xe",
      version: "17.3.1",
      vendor: "cisco",
      kind: "operating-system",
      cpe: "cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*",
      purl: null,
    },
  ],
  provenance: { source: "manual", input: "t", observedAt: null },
};
const ITEM: ActionItem = {
  id: `${ASSET.key}|CVE-2023-20198`,
  kind: "vulnerability",
  organizationId: "org-a",
  assetKey: ASSET.key,
  assetName: ASSET.name,
  cveId: "CVE-2023-20198",
  cveIds: ["CVE-2023-20198"],
  score: 90,
  dueDate: "2023-10-20",
  reasons: [{ factor: "kev", points: 40, en: "Known exploited,\nsee KEV.", es: "Explotada; ver KEV." }],
  action: { en: '=HYPERLINK("x")', es: "Actualice." },
  finding: {
    assetKey: ASSET.key,
    cveId: "CVE-2023-20198",
    basis: "nvd-configuration",
    sources: ["nvd"],
    cpes: [ASSET.software[0]!.cpe!],
    criteria: [],
  },
  vendorMatches: [],
};

test("CSV cells are quoted per RFC 4180 and formulas are neutralized", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell('a "b", c'), '"a ""b"", c"');
  assert.equal(csvCell("line\nbreak"), '"line\nbreak"');
  assert.equal(csvCell(" edge"), '" edge"');
  assert.equal(csvCell("=1+1"), "'=1+1");
  assert.equal(csvCell("@cmd"), "'@cmd");
  assert.equal(csvCell(-3), "-3");
  assert.equal(csvCell(null), "");
});

test("the CSV export reads back cell for cell", () => {
  const text = actionsToCsv([ITEM]);
  const rows = parse(text) as string[][];
  assert.deepEqual(rows[0], [...ACTION_CSV_COLUMNS]);
  const row = rows[1]!;
  assert.equal(row.length, ACTION_CSV_COLUMNS.length);
  assert.equal(row[3], 'gw, "north"');
  assert.equal(row[6], "CVE-2023-20198");
  assert.equal(row[9], "Known exploited,\nsee KEV.");
  assert.equal(row[11], '\'=HYPERLINK("x")');
});

test("the STIX export links infrastructure, software and vulnerability under the TLP marking", () => {
  const objects = actionsToStix([ITEM, ITEM], {
    tlp: "amber",
    assets: new Map([[ASSET.key, ASSET]]),
    now: "2025-01-01T00:00:00.000Z",
  });
  const byType = (t: string) => objects.filter((o) => o.type === t);
  assert.equal(byType("marking-definition").length, 1);
  assert.equal(byType("infrastructure").length, 1);
  assert.equal(byType("software").length, 1);
  assert.equal(byType("vulnerability").length, 1);
  assert.deepEqual(
    byType("relationship")
      .map((r) => r.relationship_type)
      .sort(),
    ["consists-of", "has"],
  );
  for (const o of objects) {
    assert.ok(isStixId(o.id), o.id);
    if (o.type !== "marking-definition") assert.equal(tlpOf(o), "amber", o.type);
  }
  const sw = byType("software")[0]!;
  assert.equal(sw.version, "17.3.1");
  const expected = uuidV5(
    STIX_SCO_NAMESPACE,
    '{"cpe":"cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*","name":"ios_xe","vendor":"cisco","version":"17.3.1"}',
  );
  assert.equal(sw.id, `software--${expected}`);
  const has = byType("relationship").find((r) => r.relationship_type === "has")!;
  assert.equal(has.source_ref, byType("infrastructure")[0]?.id);
  assert.equal(has.target_ref, byType("vulnerability")[0]?.id);
  assert.deepEqual(byType("vulnerability")[0]?.external_references, [
    { source_name: "cve", external_id: "CVE-2023-20198", url: "https://nvd.nist.gov/vuln/detail/CVE-2023-20198" },
  ]);
  const again = actionsToStix([ITEM], {
    tlp: "amber",
    assets: new Map([[ASSET.key, ASSET]]),
    now: "2026-01-01T00:00:00.000Z",
  });
  assert.deepEqual(again.map((o) => o.id).sort(), objects.map((o) => o.id).sort(), "ids are stable across exports");
  const red = actionsToStix([ITEM], {
    tlp: "red",
    assets: new Map([[ASSET.key, ASSET]]),
    now: "2025-01-01T00:00:00.000Z",
  });
  assert.ok(red.every((o) => o.type === "marking-definition" || o.object_marking_refs?.[0] === TLP_MARKING_IDS.red));
  assert.throws(
    () => actionsToStix([ITEM], { tlp: "purple" as never, assets: new Map(), now: "x" }),
    /EXPORT_BAD_INPUT/,
  );
});

test("an OSV line exports its package as software and its advisory as a reference, and fills the CSV software", () => {
  const osv: ActionItem = {
    ...ITEM,
    id: `${ASSET.key}|GHSA-5mrr-rgp6-x4gr`,
    cveId: "GHSA-5mrr-rgp6-x4gr",
    cveIds: ["GHSA-5mrr-rgp6-x4gr"],
    finding: {
      assetKey: ASSET.key,
      cveId: "GHSA-5mrr-rgp6-x4gr",
      basis: "osv-range",
      sources: ["osv"],
      cpes: [],
      purls: ["pkg:npm/%40scope/marsdb@0.6.11"],
      criteria: [],
      advisories: ["GHSA-5mrr-rgp6-x4gr"],
    },
  };
  const objects = actionsToStix([osv], {
    tlp: "amber",
    assets: new Map([[ASSET.key, ASSET]]),
    now: "2025-01-01T00:00:00.000Z",
  });
  const pkg = objects.find((o) => o.type === "software" && o.name === "@scope/marsdb");
  assert.equal(pkg?.version, "0.6.11");
  const vuln = objects.find((o) => o.type === "vulnerability");
  assert.deepEqual(vuln?.external_references, [
    {
      source_name: "osv",
      external_id: "GHSA-5mrr-rgp6-x4gr",
      url: "https://osv.dev/vulnerability/GHSA-5mrr-rgp6-x4gr",
    },
  ]);
  const rels = objects.filter((o) => o.type === "relationship" && o.target_ref === pkg?.id);
  assert.equal(rels.length, 1);
  const [, row] = parse(actionsToCsv([osv])) as string[][];
  assert.equal(row?.[8], "pkg:npm/%40scope/marsdb@0.6.11");
});
