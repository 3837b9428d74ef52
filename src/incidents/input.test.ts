import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setLocale } from "../i18n/index.js";
import { IncidentError } from "./errors.js";
import { checkReport, type ReportInput, readState } from "./input.js";

const NOW = Date.parse("2026-03-14T18:00:00Z");
const base: ReportInput = { title: "Ransomware", types: ["ransomware"], awareAt: "2026-03-14 09:30" };
const code = (input: Partial<ReportInput>) => {
  try {
    checkReport({ ...base, ...input }, NOW);
    return "ok";
  } catch (e) {
    assert.ok(e instanceof IncidentError, String(e));
    return e.code;
  }
};

describe("report input", () => {
  it("reads a report as people type it, with Mexico City and mx-apf as defaults", () => {
    const r = checkReport(
      { ...base, types: ["Ransomware", "phishing"], criticality: "85", determination: "Successful-Attempt" },
      NOW,
    );
    assert.equal(r.awareAt, "2026-03-14T15:30:00.000Z");
    assert.equal(r.regime, "mx-apf");
    assert.equal(r.timeZone, "America/Mexico_City");
    assert.deepEqual(r.types, ["ransomware", "phishing"]);
    assert.equal(r.criticality, 85);
    assert.equal(r.determination, "successful-attempt");
  });

  it("refuses each kind of bad input with its own code", () => {
    assert.equal(code({ regime: "gdpr" }), "INCIDENT_UNKNOWN_REGIME");
    assert.equal(code({ awareAt: "2026-03-15 09:30" }), "INCIDENT_AWARENESS_IN_FUTURE");
    assert.equal(code({ awareAt: "ayer" }), "INCIDENT_BAD_TIME");
    assert.equal(code({ criticality: 101 }), "INCIDENT_CRITICALITY_RANGE");
    assert.equal(code({ criticality: "-1" }), "INCIDENT_CRITICALITY_RANGE");
    assert.equal(code({ criticality: "alta" }), "INCIDENT_CRITICALITY_RANGE");
    assert.equal(code({ criticality: 7.5 }), "INCIDENT_CRITICALITY_RANGE");
    assert.equal(code({ types: ["ransomeware"] }), "INCIDENT_UNKNOWN_TYPE");
    assert.equal(code({ types: [] }), "INCIDENT_EMPTY");
    assert.equal(code({ title: "  " }), "INCIDENT_EMPTY");
    assert.equal(code({ timeZone: "Mexico/Guadalajara" }), "INCIDENT_BAD_TIMEZONE");
    assert.equal(code({ determination: "maybe" }), "INCIDENT_BAD_VALUE");
    assert.equal(code({ availability: 300 }), "INCIDENT_BAD_NUMBER");
  });

  it("messages are Spanish by default and English on request, and say what to do", () => {
    try {
      checkReport({ ...base, types: ["ransomeware"] }, NOW);
      assert.fail("accepted");
    } catch (e) {
      assert.ok(e instanceof IncidentError);
      assert.match(
        e.messageIn("es-MX"),
        /tipo de incidente «ransomeware» desconocido; use uno de: ransomware, .*¿quiso decir «ransomware»\?/,
      );
      assert.match(e.messageIn("en"), /unknown incident type "ransomeware".*did you mean "ransomware"\?/);
    }
    setLocale("en");
    try {
      assert.throws(() => checkReport({ ...base, criticality: 150 }, NOW), /must be a whole number from 0 to 100/);
    } finally {
      setLocale("es-MX");
    }
    assert.throws(() => checkReport({ ...base, awareAt: "2027-01-01T00:00Z" }, NOW), /está en el futuro/);
  });

  it("reads states as people write them, and names the nearest for one that does not exist", () => {
    assert.equal(readState("Nuevo Leon"), "MX-NLE");
    assert.equal(readState("Nuevo León"), "MX-NLE");
    assert.equal(readState(" cdmx "), "MX-CMX");
    assert.equal(readState("Ciudad de Mexico"), "MX-CMX");
    assert.equal(readState("MX-JAL"), "MX-JAL");
    setLocale("es-MX");
    assert.throws(
      () => readState("Nuevo Lion"),
      (e: unknown) =>
        e instanceof IncidentError &&
        e.code === "INCIDENT_UNKNOWN_STATE" &&
        /¿quiso decir «Nuevo León»\?/.test(e.message) &&
        /did you mean "Nuevo León"/.test(e.messageIn("en")),
    );
    assert.throws(() => readState("Texas"), /Texas/);
  });
});
