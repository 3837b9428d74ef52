import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../testing/index.js";
import { VulnsError } from "./errors.js";
import { parseKevCsv, parseKevJson } from "./kev.js";

const GOOD = {
  cveID: "CVE-2023-4966",
  vendorProject: "Citrix",
  product: "NetScaler ADC and NetScaler Gateway",
  vulnerabilityName: "Citrix NetScaler ADC and NetScaler Gateway Buffer Overflow Vulnerability",
  dateAdded: "2023-10-18",
  shortDescription: "Buffer overflow.",
  requiredAction: "Apply mitigations per vendor instructions.",
  dueDate: "2023-11-08",
  knownRansomwareCampaignUse: "Known",
  notes: "",
  cwes: ["CWE-119"],
};

test("the real KEV catalog (JSON) parses whole, matching its own count", (t) => {
  const dir = sharedData(t, "cisa-kev");
  if (!dir) return;
  const catalog = parseKevJson(readFileSync(join(dir, "known_exploited_vulnerabilities.json"), "utf8"));
  assert.equal(catalog.declaredCount, 1404);
  assert.equal(catalog.entries.length, catalog.declaredCount);
  assert.deepEqual(catalog.problems, []);
  assert.equal(catalog.catalogVersion, "2025.08.25");
  assert.equal(catalog.entries.filter((e) => e.knownRansomware).length, 293);
  assert.equal(catalog.entries.filter((e) => e.cwes.length > 0).length, 1252);
});

test("the real KEV catalog (CSV) holds the same entries as the JSON", (t) => {
  const dir = sharedData(t, "cisa-kev");
  if (!dir) return;
  const csv = parseKevCsv(readFileSync(join(dir, "known_exploited_vulnerabilities.csv"), "utf8"));
  const json = parseKevJson(readFileSync(join(dir, "known_exploited_vulnerabilities.json"), "utf8"));
  assert.deepEqual(csv.problems, []);
  assert.equal(csv.entries.length, 1404);
  const byId = new Map(json.entries.map((e) => [e.cveId, e]));
  for (const e of csv.entries) {
    const j = byId.get(e.cveId);
    assert.ok(j, e.cveId);
    assert.equal(e.dueDate, j.dueDate);
    assert.equal(e.product, j.product);
    assert.equal(e.knownRansomware, j.knownRansomware);
  }
});

test("bad entries are reported by position and field, good ones kept", () => {
  const doc = {
    count: 5,
    vulnerabilities: [
      GOOD,
      { ...GOOD, cveID: "CVE-23-1" },
      { ...GOOD, dueDate: "2023-13-45x" },
      { ...GOOD, vendorProject: "" },
      "not an object",
    ],
  };
  const c = parseKevJson(JSON.stringify(doc));
  assert.equal(c.entries.length, 1);
  assert.deepEqual(
    c.problems.map((p) => [p.index, p.path, p.code]),
    [
      [1, "cveID", "KEV_BAD_ENTRY"],
      [2, "dueDate", "KEV_BAD_ENTRY"],
      [3, "vendorProject", "KEV_BAD_ENTRY"],
      [4, "", "KEV_BAD_ENTRY"],
    ],
  );
  const mismatch = parseKevJson(JSON.stringify({ count: 3, vulnerabilities: [GOOD] }));
  assert.equal(mismatch.problems[0]?.code, "KEV_COUNT_MISMATCH");
});

test("unreadable documents throw with a code", () => {
  assert.throws(
    () => parseKevJson('{"vulnerabilities": ['),
    (e: unknown) => e instanceof VulnsError && e.code === "KEV_BAD_JSON",
  );
  assert.throws(
    () => parseKevJson("[]"),
    (e: unknown) => e instanceof VulnsError && e.code === "KEV_NOT_A_CATALOG",
  );
  assert.throws(
    () => parseKevCsv("a,b\n1,2\n"),
    (e: unknown) => e instanceof VulnsError && e.code === "KEV_BAD_CSV",
  );
});

test("a CSV row with a wrong cell count or a bad value is reported with its line", () => {
  const header =
    "cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes";
  const good = 'CVE-2024-1001,Acme,"Widget, Pro",Bug,2024-01-01,desc,"Patch it",2024-01-22,Unknown,,"CWE-79, CWE-89"';
  const text = [header, good, "CVE-2024-1002,Acme,Widget", good.replace("Unknown", "Maybe"), good].join("\n");
  const c = parseKevCsv(text);
  assert.equal(c.entries.length, 2);
  assert.deepEqual(c.entries[0]?.cwes, ["CWE-79", "CWE-89"]);
  assert.equal(c.entries[0]?.product, "Widget, Pro");
  assert.deepEqual(
    c.problems.map((p) => [p.line, p.path]),
    [
      [3, ""],
      [4, "knownRansomwareCampaignUse"],
    ],
  );
});
