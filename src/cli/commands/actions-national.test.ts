import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { centinela, sqliteTarget, type Target } from "./cli-target.fixture.js";

/**
 * `actions --national`: each line's organization, sector and state, and the filters on them.
 * Designated-vendor lines need no vulnerability data, so this runs on a store of its own.
 */

const CSV = "name,ip,role,vendor\ncore-sw,10.0.0.1,network-core,Huawei Technologies Co. Ltd.\n";

interface Line {
  assetName: string;
  organization: { name: string; sector: string | null; state: string | null } | null;
}

describe("centinela actions --national", () => {
  let target: Target;
  const en = (args: string[]) => centinela(target, args, undefined, { LANG: "en_US.UTF-8" });
  const lines = async (args: string[]) => {
    const run = await en(["actions", "--national", "--json", ...args]);
    assert.equal(run.code, 0, run.stderr);
    return (JSON.parse(run.stdout) as Line[]).map((l) => l.organization?.name ?? null).sort();
  };

  before(async () => {
    target = await sqliteTarget();
    const orgs: [string, string[]][] = [
      ["Secretaría de Energía", ["--sector", "energy", "--state", "CDMX"]],
      ["CFE Noreste", ["--sector", "energy", "--state", "Nuevo León"]],
      ["Aeropuerto de Monterrey", ["--sector", "transport", "--state", "MX-NLE"]],
      ["Sin Perfil", []],
    ];
    const csv = join(target.location.dataDir as string, "..", "inv.csv");
    await writeFile(csv, CSV);
    for (const [name, profile] of orgs) {
      assert.equal((await en(["org", "add", name, ...profile])).code, 0);
      const imported = await en(["assets", "import", csv, "--org", name, "-q"]);
      assert.equal(imported.code, 0, imported.stderr);
    }
  });
  after(() => target.dispose());

  it("names each line's organization, sector and state, in the table and the JSON", async () => {
    const run = await en(["actions", "--national"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /CFE Noreste · energy · Nuevo León/);
    assert.match(run.stdout, /Aeropuerto de Monterrey · transport · Nuevo León/);
    assert.match(run.stdout, /Sin Perfil · no sector or state/);
    const es = await centinela(target, ["actions", "--national", "--lang", "es"]);
    assert.match(es.stdout, /Secretaría de Energía · energía · Ciudad de México/);
    const json = await en(["actions", "--national", "--json"]);
    const first = (JSON.parse(json.stdout) as Line[]).find((l) => l.organization?.name === "CFE Noreste");
    assert.equal(first?.organization?.sector, "energy");
    assert.equal(first?.organization?.state, "MX-NLE");
  });

  it("filters by state (code or name), sector (id or Spanish name) and organization (accents aside)", async () => {
    assert.deepEqual(await lines(["--state", "Nuevo Leon"]), ["Aeropuerto de Monterrey", "CFE Noreste"]);
    assert.deepEqual(await lines(["--state", "MX-NLE"]), ["Aeropuerto de Monterrey", "CFE Noreste"]);
    assert.deepEqual(await lines(["--state", "cdmx"]), ["Secretaría de Energía"]);
    assert.deepEqual(await lines(["--sector", "energía"]), ["CFE Noreste", "Secretaría de Energía"]);
    assert.deepEqual(await lines(["--sector", "energy", "--state", "NL"]), ["CFE Noreste"]);
    assert.deepEqual(await lines(["--org", "secretaria de energia"]), ["Secretaría de Energía"]);
    assert.deepEqual(await lines(["--org", "monterrey", "--sector", "energy"]), []);
    const csv = join(target.location.dataDir as string, "..", "plan.csv");
    assert.equal((await en(["actions", "--national", "--state", "CDMX", "--csv", csv])).code, 0);
    const rows = (await readFile(csv, "utf8")).trimEnd().split("\r\n");
    assert.equal(rows.length, 2);
    assert.match(rows[0] as string, /,organization_name,sector,state$/);
    assert.match(rows[1] as string, /,Secretaría de Energía,energy,MX-CMX$/);
  });

  it("says what is wrong with a filter, in the reader's language, before opening the store", async () => {
    const state = await en(["actions", "--national", "--state", "Nuevo Lein"]);
    assert.equal(state.code, 2);
    assert.match(state.stderr, /"Nuevo Lein" is not a Mexican state.*Nuevo León/);
    const sector = await en(["actions", "--national", "--sector", "energi"]);
    assert.equal(sector.code, 2);
    assert.match(sector.stderr, /--sector.*energy/);
    const org = await centinela(target, ["actions", "--national", "--org", "Pemex"], undefined, {
      LANG: "es_MX.UTF-8",
    });
    assert.equal(org.code, 2);
    assert.match(org.stderr, /ninguna organización se llama ni contiene "Pemex"/);
    const alone = await en(["actions", "--org", "CFE Noreste", "--state", "NL"]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--state filters the national list: give it with --national/);
  });
});
