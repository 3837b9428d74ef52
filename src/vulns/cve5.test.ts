import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../testing/index.js";
import { readCve5 } from "./cve5.js";
import { ssvcReason } from "./cve5-reason.js";
import type { VulnProblem } from "./errors.js";

test("the real Vulnrichment records give their CISA SSVC decision points", (t) => {
  const dir = sharedData(t, "cve-records-kev/vulnrichment-cve5");
  if (!dir) return;
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".json"));
  assert.equal(files.length, 251);
  const problems: VulnProblem[] = [];
  const records = files.map((f, i) => readCve5(JSON.parse(readFileSync(join(dir, f), "utf8")), i, problems));
  assert.deepEqual(problems, []);
  const ios = records.find((r) => r?.cveId === "CVE-2023-20198");
  assert.equal(ios?.ssvc?.provider, "CISA-ADP");
  assert.equal(ios?.ssvc?.exploitation, "active");
  assert.equal(ios?.ssvc?.automatable, "yes");
  assert.equal(ios?.ssvc?.technicalImpact, "total");
  // Every KEV record in the set is exploited, so CISA says "active" for nearly all.
  const active = records.filter((r) => r?.ssvc?.exploitation === "active").length;
  assert.ok(active > 200, `${active}`);
  const reason = ssvcReason(ios?.ssvc ?? (null as never));
  assert.equal(reason?.points, 15);
  assert.match(
    reason?.en ?? "",
    /^CISA's SSVC decision points \(CISA Coordinator, 2024-\d\d-\d\d\): Exploitation active, Automatable yes, Technical Impact total\.$/,
  );
  assert.match(reason?.es ?? "", /explotación activa, automatizable sí, impacto técnico total/);
});

test("a record without a CVE id is a problem; one without SSVC is kept without it", () => {
  const problems: VulnProblem[] = [];
  assert.equal(readCve5({ dataType: "CVE_RECORD", cveMetadata: { cveId: "CVE-99" } }, 3, problems), null);
  assert.deepEqual(
    problems.map((p) => [p.code, p.index, p.path]),
    [["CVE5_BAD_RECORD", 3, "cveMetadata.cveId"]],
  );
  const bare = readCve5(
    { dataType: "CVE_RECORD", cveMetadata: { cveId: "CVE-2024-0001", state: "PUBLISHED" } },
    0,
    problems,
  );
  assert.deepEqual(bare, { cveId: "CVE-2024-0001", state: "PUBLISHED", ssvc: null });
  assert.equal(
    ssvcReason({
      exploitation: "none",
      automatable: "no",
      technicalImpact: "partial",
      version: null,
      role: null,
      timestamp: null,
    }),
    null,
  );
});
