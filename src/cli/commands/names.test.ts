import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sharedData } from "../../testing/index.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

describe("names as people write them", () => {
  let dir = "";
  let data = "";
  const centinela = (args: string[], lang = "en_US.UTF-8") => run(dataTarget(data), args, undefined, { LANG: lang });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-names-"));
    data = join(dir, "data");
    const added = await centinela(["org", "add", "Secretaría de Energía", "--sector", "energy", "--state", "CDMX"]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("accepts states by name, abbreviation or ISO code, and says what it wants otherwise", async () => {
    for (const [name, state] of [
      ["Jalisco Org", "Jalisco"],
      ["NL Org", "Nuevo León"],
      ["CDMX Org", "Ciudad de México"],
      ["ISO Org", "MX-JAL"],
    ] as const) {
      const added = await centinela(["org", "add", name, "--sector", "energy", "--state", state]);
      assert.equal(added.code, 0, `${state}: ${added.stderr}`);
    }
    const bad = await centinela(["org", "add", "Tejas", "--sector", "energy", "--state", "Texas"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--state: "Texas" is not a Mexican state; write its name \(Jalisco, CDMX, Nuevo León\)/);
    assert.doesNotMatch(bad.stderr, /did you mean/);
    const typo = await centinela(["org", "add", "Tejas", "--sector", "energy", "--state", "Jalisc"], "es_MX.UTF-8");
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /"Jalisc" no es un estado de México; .*; ¿quiso decir Jalisco\?\n$/);
    // A sector by its name in either language, accents aside, is taken; a typo is refused with a guess.
    const sector = await centinela(["org", "add", "Tejas", "--sector", "energai", "--state", "Jalisco"]);
    assert.notEqual(sector.code, 0);
    assert.match(sector.stderr, /--sector must be one of energy, .*; not "energai"; did you mean energy\?\n$/);
    const named = await centinela(["org", "add", "Tejas", "--sector", "energia", "--state", "Jalisco"]);
    assert.equal(named.code, 0, named.stderr);
  });

  it("finds an organization without its accents or capitals, and names it in user list and collection grants", async () => {
    const user = await centinela(["user", "add", "ana", "--org", "secretaria de energia", "--role", "analyst"]);
    assert.equal(user.code, 0, user.stderr);
    assert.match(user.stderr, /password of ana \(shown once\): /);
    assert.match((await centinela(["user", "list"])).stdout, /\tana\tSecretaría de Energía\tanalyst\tactive\n/);
    assert.equal((await centinela(["collection", "add", "ioc"])).code, 0);
    const grant = await centinela(["collection", "grant", "ioc", "Secretaria de Energia", "--read"]);
    assert.equal(grant.code, 0, grant.stderr);
    assert.match(
      (await centinela(["collection", "grants", "ioc"])).stdout,
      /^ioc\t\S+\tSecretaría de Energía\tread\n$/,
    );
  });

  it("refuses to guess between two organizations that differ only in accents", async () => {
    assert.equal((await centinela(["org", "add", "Comision Federal"])).code, 0);
    assert.equal((await centinela(["org", "add", "Comisión Federal"])).code, 0);
    const run = await centinela(["user", "add", "beto", "--org", "COMISION FEDERAL"]);
    assert.notEqual(run.code, 0);
    assert.match(
      run.stderr,
      /"COMISION FEDERAL" matches several organizations \("Comision Federal" \(.*\), "Comisión Federal"/,
    );
    const es = await centinela(["user", "add", "beto", "--org", "Pemex"], "es_MX.UTF-8");
    assert.match(es.stderr, /no hay una organización llamada "Pemex"/);
  });

  it("shows an asset without --org when its id is in one organization, and prints down hosts as one line", async (t) => {
    const scan = sharedData(t, "nmap-xml/full_sudo6.xml");
    if (scan === null) return;
    const imported = await centinela(["assets", "import", scan, "--org", "Secretaria de Energia", "-q"]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /\n {2}252 hosts down \(did not answer the scan\), not imported\n/);
    assert.doesNotMatch(imported.stdout, /NMAP_HOST_DOWN/);
    assert.doesNotMatch(imported.stdout, / met\)/);
    const es = await centinela(["assets", "import", scan, "--org", "Secretaria de Energia", "-q"], "es_MX.UTF-8");
    assert.match(es.stdout, /252 hosts apagados/);
    const id = (await centinela(["assets", "list", "--org", "Secretaría de Energía"])).stdout.split("\t")[0] as string;
    const shown = await centinela(["assets", "show", id]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.equal((JSON.parse(shown.stdout) as { id: string }).id, id);
    const missing = await centinela(["assets", "show", "no-such-asset"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no asset "no-such-asset" in any organization/);
  });
});
