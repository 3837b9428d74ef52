import assert from "node:assert/strict";
import { test } from "node:test";
import { parseEpss } from "./epss.js";
import { VulnsError } from "./errors.js";

const SAMPLE = [
  "#model_version:v2023.03.01,score_date:2025-08-25T12:55:00Z",
  "cve,epss,percentile",
  "CVE-2023-4966,0.94372,0.99961",
  "CVE-1999-0001,0.01,0.5",
  "",
].join("\n");

test("EPSS scores parse with the model line", () => {
  const s = parseEpss(SAMPLE);
  assert.equal(s.modelVersion, "v2023.03.01");
  assert.equal(s.scoreDate, "2025-08-25T12:55:00Z");
  assert.equal(s.scores.size, 2);
  assert.deepEqual(s.scores.get("CVE-2023-4966"), { epss: 0.94372, percentile: 0.99961 });
  assert.deepEqual(s.problems, []);
});

test("bad rows are reported with line and field; the good ones kept", () => {
  const text = `${SAMPLE}CVE-2024-1001,1.5,0.3\nnot-a-cve,0.1,0.2\nCVE-2024-1002,0.1\nCVE-2024-1003,,0.2\nCVE-2024-1004,0.2,0.9\n`;
  const s = parseEpss(text);
  assert.equal(s.scores.size, 3);
  assert.deepEqual(
    s.problems.map((p) => [p.line, p.path]),
    [
      [5, "epss"],
      [6, "cve"],
      [7, ""],
      [8, "epss"],
    ],
  );
});

test("a file without the header is refused, with the line", () => {
  assert.throws(
    () => parseEpss("#model_version:x\ncve,score\n"),
    (e: unknown) => e instanceof VulnsError && e.code === "EPSS_BAD_HEADER" && /(line|línea) 2/.test(e.message),
  );
  assert.equal(parseEpss("cve,epss,percentile\n").scores.size, 0);
});
