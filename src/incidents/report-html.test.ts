import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IncidentError } from "./errors.js";
import { stageReportHtml } from "./report-html.js";
import { sampleRecord } from "./test-fixtures.js";

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
});
