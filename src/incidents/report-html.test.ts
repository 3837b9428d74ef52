import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IncidentError } from "./errors.js";
import { stageReportHtml } from "./report-html.js";
import { sampleRecord } from "./test-fixtures.js";
import { DETERMINATIONS, INCIDENT_TYPES } from "./types.js";
import { DETERMINATION_NAMES, INCIDENT_TYPE_NAMES } from "./vocabulary.js";

const H = 3_600_000;

describe("stage reports (HTML)", () => {
  it("fills the stage's fields in Spanish by default, marks what is missing, flags a late clock", () => {
    const r = sampleRecord({ regime: "nis2", criticality: 60, title: "Cifrado <masivo> & fuga" });
    const html = stageReportHtml(r, "early-warning", "es", Date.parse(r.awareAt) + 30 * H);
    assert.match(html, /<html lang="es-MX">/);
    assert.match(html, /Alerta temprana — nis2/);
    assert.match(html, /<th>Momento de conocimiento<\/th><td>2026-03-14T09:30:00-06:00<\/td>/);
    assert.match(html, /Cifrado &lt;masivo&gt; &amp; fuga/);
    assert.match(html, /<td class="pending">— pendiente —<\/td>/);
    assert.match(html, /<p class="late">VENCIDO/);
    assert.ok(!html.includes("<script"));
  });

  it("speaks English on request and lists each stage's own fields", () => {
    const r = sampleRecord({ regime: "circia", ransomPaidAt: "2026-03-15T10:00:00.000Z" });
    const html = stageReportHtml(r, "ransom-payment", "en", Date.parse(r.awareAt));
    assert.match(html, /Ransom payment report — circia/);
    assert.match(html, /<th>Ransom payment<\/th><td>2026-03-15T04:00:00-06:00<\/td>/);
    assert.match(html, /due 2026-03-16T04:00:00-06:00/);
  });

  it("refuses a stage the regime does not have", () => {
    assert.throws(
      () => stageReportHtml(sampleRecord(), "final-report", "es", 0),
      (e: unknown) =>
        e instanceof IncidentError && e.code === "INCIDENT_UNKNOWN_STAGE" && e.messageIn("en").includes("notification"),
    );
  });

  it("shows vocabulary values by name in the report's language, every type named", () => {
    const r = sampleRecord({ regime: "circia", types: ["data-breach"], determination: "false-positive" });
    const es = stageReportHtml(r, "covered-incident", "es", Date.parse(r.awareAt));
    assert.match(es, /<td>filtración de datos<\/td>/);
    assert.match(es, /<td>falso positivo<\/td>/);
    assert.match(es, /recuperabilidad: con recursos adicionales/);
    assert.match(stageReportHtml(r, "covered-incident", "en", 0), /<td>data breach<\/td>/);
    // The sector by the name the directory gives it (exposure:sector), in the report's language.
    assert.match(es, /<th>Sector y entidad<\/th><td>transporte · /);
    assert.match(stageReportHtml(r, "covered-incident", "en", 0), /<th>Sector and state<\/th><td>transport · /);
    for (const t of INCIDENT_TYPES) assert.ok(INCIDENT_TYPE_NAMES[t], t);
    for (const d of DETERMINATIONS) assert.ok(DETERMINATION_NAMES[d], d);
  });
});
