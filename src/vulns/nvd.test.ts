import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../testing/index.js";
import { VulnsError } from "./errors.js";
import { parseNvd } from "./nvd.js";

test("the 125 real NVD records parse with every criterion", (t) => {
  const dir = sharedData(t, "cve-records-kev/nvd-api-2.0");
  if (!dir) return;
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.equal(files.length, 125);
  let criteria = 0;
  let withoutConfig = 0;
  let ranged = 0;
  for (const f of files) {
    const text: string = readFileSync(join(dir, f), "utf8");
    const { cves, problems } = parseNvd(text);
    assert.deepEqual(problems, [], f);
    assert.equal(cves.length, 1);
    const c = cves[0]!;
    assert.equal(`${c.id}.json`, f);
    // Count criteria in the raw JSON independently of the parser.
    const rawCount: number = (text.match(/"criteria":/g) ?? []).length;
    const parsed = c.configurations.flatMap((x) => x.nodes.flatMap((n) => n.cpeMatch));
    assert.equal(parsed.length, rawCount, f);
    assert.ok(parsed.every((m) => m.wfn !== null));
    criteria += parsed.length;
    ranged += parsed.filter((m) => m.versionEndExcluding || m.versionEndIncluding || m.versionStartIncluding).length;
    if (c.configurations.length === 0) withoutConfig++;
  }
  assert.equal(criteria, 1627);
  assert.equal(withoutConfig, 3);
  assert.ok(ranged > 300);
});

test("CVE-2023-20198: AND configurations, KEV fields and CVSS are read", (t) => {
  const dir = sharedData(t, "cve-records-kev/nvd-api-2.0");
  if (!dir) return;
  const c = parseNvd(readFileSync(join(dir, "CVE-2023-20198.json"), "utf8")).cves[0]!;
  assert.equal(c.configurations[0]?.operator, "AND");
  assert.equal(c.configurations[0]?.nodes[1]?.cpeMatch[0]?.vulnerable, false);
  assert.equal(c.kev?.dateAdded, "2023-10-16");
  assert.equal(c.cvss?.baseScore, 10);
  assert.ok(c.description.length > 20);
});

test("an API 2.0 response with a bad record keeps the good ones and names the bad", () => {
  const response = {
    resultsPerPage: 3,
    vulnerabilities: [
      {
        cve: {
          id: "CVE-2024-0001",
          configurations: [
            { nodes: [{ operator: "OR", cpeMatch: [{ vulnerable: true, criteria: "cpe:2.3:a:v:p:1" }] }] },
          ],
        },
      },
      { cve: { id: "nope" } },
      { cve: null },
    ],
  };
  const { cves, problems } = parseNvd(JSON.stringify(response));
  assert.equal(cves.length, 1);
  assert.equal(cves[0]?.configurations[0]?.nodes[0]?.cpeMatch[0]?.wfn, null);
  assert.deepEqual(
    problems.map((p) => [p.code, p.index, p.path]),
    [
      ["NVD_BAD_CRITERIA", 0, "configurations[0].nodes[0].cpeMatch[0].criteria"],
      ["NVD_BAD_RECORD", 1, "id"],
      ["NVD_BAD_RECORD", 2, ""],
    ],
  );
  assert.throws(
    () => parseNvd("{"),
    (e: unknown) => e instanceof VulnsError && e.code === "NVD_BAD_JSON",
  );
  assert.throws(
    () => parseNvd("[1]"),
    (e: unknown) => e instanceof VulnsError && e.code === "NVD_NOT_A_RECORD",
  );
});
