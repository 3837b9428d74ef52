import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IncidentError } from "./errors.js";
import { checkTransition, nextStatuses, parseStatus } from "./workflow.js";

describe("workflow", () => {
  it("reads statuses in Spanish and English, accents optional", () => {
    assert.equal(parseStatus("Erradicado"), "eradicated");
    assert.equal(parseStatus("en triaje"), "triage");
    assert.equal(parseStatus("TRIAGE"), "triage");
    assert.equal(parseStatus("contenida"), "contained");
    assert.throws(
      () => parseStatus("done"),
      (e: unknown) => e instanceof IncidentError && e.code === "INCIDENT_UNKNOWN_STATUS",
    );
  });

  it("moves forward one or more steps; closed reopens to triage only", () => {
    assert.doesNotThrow(() => checkTransition("new", "triage"));
    assert.doesNotThrow(() => checkTransition("triage", "eradicated"));
    assert.deepEqual(nextStatuses("closed"), ["triage"]);
    assert.throws(
      () => checkTransition("contained", "new"),
      (e: unknown) =>
        e instanceof IncidentError &&
        e.code === "INCIDENT_BAD_TRANSITION" &&
        e.status === 409 &&
        e.messageIn("en").includes("possible next: eradicated, recovered, closed") &&
        e.messageIn("es-MX").includes("«contenido»"),
    );
    assert.throws(() => checkTransition("closed", "closed"), IncidentError);
  });
});
