import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sharedData } from "../testing/index.js";
import { findActor, loadActorGalaxy } from "./actors.js";
import { IncidentError } from "./errors.js";

describe("threat actors from the MISP galaxy", () => {
  it("finds Guacamaya and FIN13 by name or synonym, any case, with the cluster's UUID as STIX id", async (t) => {
    const file = sharedData(t, "misp-galaxy/clusters/threat-actor.json");
    if (!file) return;
    const galaxy = await loadActorGalaxy(file);
    const g = findActor(galaxy, "guacamaya");
    assert.equal(g.id, "threat-actor--51f056f5-b596-446e-9394-a310af4e2e75");
    assert.equal(g.name, "Guacamaya");
    assert.match(g.source, /^misp-galaxy Threat Actor v\d+$/);
    assert.equal(findActor(galaxy, "Elephant Beetle").name, "FIN13");
  });

  it("an unknown actor is refused with the nearest name", async (t) => {
    const file = sharedData(t, "misp-galaxy/clusters/threat-actor.json");
    if (!file) return;
    const galaxy = await loadActorGalaxy(file);
    assert.throws(
      () => findActor(galaxy, "Guacamayo"),
      (e: unknown) =>
        e instanceof IncidentError &&
        e.code === "INCIDENT_UNKNOWN_ACTOR" &&
        e.messageIn("en").includes('did you mean "Guacamaya"'),
    );
  });
});
