import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ActionItem } from "./action-item.js";
import { type LineOrganization, matchOrganizations, nationalLines, parseSector } from "./national.js";

const ORGS: LineOrganization[] = [
  { id: "o1", name: "Secretaría de Energía", sector: "energy", state: "MX-CMX" },
  { id: "o2", name: "CFE Noreste", sector: "energy", state: "MX-NLE" },
  { id: "o3", name: "CFE Occidente", sector: "energy", state: "MX-JAL" },
  { id: "o4", name: "Aeropuerto de Monterrey", sector: "transport", state: "MX-NLE" },
  { id: "o5", name: "Sin Perfil", sector: null, state: null },
];
const BY_ID = new Map(ORGS.map((o) => [o.id, o]));

function item(id: string, organizationId: string | null): ActionItem {
  return {
    id,
    kind: "designated-vendor",
    organizationId,
    assetKey: `${organizationId}/${id}`,
    assetName: id,
    cveId: null,
    cveIds: [],
    score: 10,
    dueDate: null,
    reasons: [],
    action: { en: "", es: "" },
    finding: null,
    vendorMatches: [],
  };
}

const ITEMS = [item("a", "o1"), item("b", "o2"), item("c", "o3"), item("d", "o4"), item("e", "o5"), item("f", null)];
const ids = (lines: { id: string }[]) => lines.map((l) => l.id);

describe("the national list", () => {
  it("gives every line its organization, sector and state, unknown ones as null", () => {
    const lines = nationalLines(ITEMS, BY_ID);
    assert.deepEqual(ids(lines), ["a", "b", "c", "d", "e", "f"]);
    assert.deepEqual(lines[1]?.organization, ORGS[1]);
    assert.equal(lines[5]?.organization, null);
    assert.deepEqual(lines[4]?.organization?.sector, null);
  });

  it("filters by sector, state and organization, all of them together", () => {
    assert.deepEqual(ids(nationalLines(ITEMS, BY_ID, { sector: "energy" })), ["a", "b", "c"]);
    assert.deepEqual(ids(nationalLines(ITEMS, BY_ID, { state: "MX-NLE" })), ["b", "d"]);
    assert.deepEqual(ids(nationalLines(ITEMS, BY_ID, { sector: "energy", state: "MX-NLE" })), ["b"]);
    assert.deepEqual(ids(nationalLines(ITEMS, BY_ID, { orgIds: new Set(["o3", "o4"]), state: "MX-NLE" })), ["d"]);
    assert.deepEqual(ids(nationalLines(ITEMS, BY_ID, { sector: "water" })), []);
  });

  it("finds organizations by id, by name without accents or capitals, else by part of the name", () => {
    assert.deepEqual([...matchOrganizations(ORGS, "o4")], ["o4"]);
    assert.deepEqual([...matchOrganizations(ORGS, "secretaria de energia")], ["o1"]);
    assert.deepEqual([...matchOrganizations(ORGS, "  SECRETARÍA   DE ENERGÍA ")], ["o1"]);
    assert.deepEqual([...matchOrganizations(ORGS, "cfe")].sort(), ["o2", "o3"]);
    assert.deepEqual([...matchOrganizations(ORGS, "energia")], ["o1"]);
    assert.equal(matchOrganizations(ORGS, "Pemex").size, 0);
    assert.equal(matchOrganizations(ORGS, "   ").size, 0);
  });

  it("reads sectors by id or by their Spanish or English name", () => {
    assert.equal(parseSector("energy"), "energy");
    assert.equal(parseSector("Energía"), "energy");
    assert.equal(parseSector("energia"), "energy");
    assert.equal(parseSector("servicios de emergencia"), "emergency-services");
    assert.equal(parseSector("Emergency services"), "emergency-services");
    assert.equal(parseSector("information_technology"), "information-technology");
    assert.equal(parseSector("telecom"), null);
    assert.equal(parseSector(""), null);
  });
});
