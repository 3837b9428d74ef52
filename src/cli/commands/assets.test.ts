import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { openStore } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

/** Runs the real binary on the test's store (never CENTINELA_DB, never ./data). */
function centinela(data: string, args: string[]) {
  return run(dataTarget(data), args, undefined, { LANG: "en_US.UTF-8" });
}

interface Summary {
  format: string;
  seen: number;
  new: number;
  updated: number;
  unchanged: number;
  skipped: { code: string; line: number; column: number; path: string; message: string }[];
  kept: { code: string; path: string; message: string; kept?: boolean }[];
}

describe("centinela org add --sector --state, assets …", () => {
  let dir: string;
  let data: string;
  const importJson = async (file: string, ...extra: string[]) => {
    const run = await centinela(data, ["assets", "import", file, "--org", "CFE", "--json", ...extra]);
    return { run, summary: run.stdout ? (JSON.parse(run.stdout) as Summary) : null };
  };

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-assets-"));
    data = join(dir, "data");
    const added = await centinela(data, ["org", "add", "CFE", "--sector", "energy", "--state", "MX-JAL"]);
    assert.equal(added.code, 0, added.stderr);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("refuses an unknown sector or state before writing anything", async () => {
    const sector = await centinela(data, ["org", "add", "X", "--sector", "mining-of-bitcoin", "--state", "MX-JAL"]);
    assert.equal(sector.code, 2);
    assert.match(sector.stderr, /--sector must be one of energy, telecommunications/);
    const state = await centinela(data, ["org", "add", "X", "--sector", "energy", "--state", "TX"]);
    assert.equal(state.code, 2);
    assert.match(state.stderr, /ISO 3166-2:MX/);
    assert.doesNotMatch((await centinela(data, ["org", "list"])).stdout, /\tX\n/);
  });

  it("refuses a --show-skipped that is not a whole number before importing anything", async () => {
    const r = await centinela(data, ["assets", "import", "no-such-file.xml", "--org", "CFE", "--show-skipped", "abc"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^centinela: --show-skipped must be a whole number \(0 or more\), not "abc"$/m);
    const v = await centinela(data, ["vulns", "sync", "--kev", "no-such-file.json", "--show-problems", "-1"]);
    assert.equal(v.code, 2, v.stderr);
    assert.match(v.stderr, /--show-problems must be a whole number \(0 or more\), not "-1"/);
  });

  it("takes a sector by its name in either language, with or without accents, as actions --sector does", async () => {
    const made: string[] = [];
    for (const [name, sector] of [
      ["Secretaría de Energía", "energía"],
      ["Energía del Bajío", "energia"],
      ["Agua de Querétaro", "Water"],
    ] as const) {
      const added = await centinela(data, ["org", "add", name, "--sector", sector, "--state", "Queretaro"]);
      assert.equal(added.code, 0, added.stderr);
      made.push(added.stdout.split("\t")[0] as string);
    }
    const store = await openStore({ dataDir: data });
    try {
      const profiles = await Promise.all(made.map((id) => store.inventory.getOrgProfile(id)));
      assert.deepEqual(
        profiles.map((p) => [p?.sector, p?.state]),
        [
          ["energy", "MX-QUE"],
          ["energy", "MX-QUE"],
          ["water", "MX-QUE"],
        ],
      );
    } finally {
      await store.close();
    }
    for (const id of made) assert.equal((await centinela(data, ["org", "rm", id])).code, 0);
  });

  it("imports a real Nmap scan, reports every down host, and re-imports without duplicates", async (t) => {
    const dirNmap = sharedData(t, "nmap-xml");
    if (!dirNmap) return;
    const first = await importJson(join(dirNmap, "full_sudo6.xml"));
    assert.equal(first.run.code, 0, first.run.stderr);
    assert.equal(first.summary?.format, "nmap");
    assert.equal(first.summary?.new, 4);
    assert.equal(first.summary?.seen, 256);
    assert.equal(first.summary?.skipped.length, 252);
    assert.ok(first.summary?.skipped.every((s) => s.code === "NMAP_HOST_DOWN" && s.line > 0));
    const again = await importJson(join(dirNmap, "full_sudo6.xml"));
    assert.deepEqual([again.summary?.new, again.summary?.updated, again.summary?.unchanged], [0, 0, 4]);
    const list = await centinela(data, ["assets", "list", "--org", "CFE"]);
    assert.equal(list.stdout.trim().split("\n").length, 4);
  });

  it("keeps the hosts before the damage of a truncated scan and says where it broke", async (t) => {
    const dirNmap = sharedData(t, "nmap-xml");
    if (!dirNmap) return;
    const text = await readFile(join(dirNmap, "2_hosts_version.xml"), "utf8");
    const cut = join(dir, "cut.xml");
    const starts = [...text.matchAll(/<host[\s>]/g)].map((m) => m.index);
    assert.equal(starts.length, 2);
    await writeFile(cut, text.slice(0, (starts[1] as number) + 300));
    const r = await importJson(cut);
    assert.equal(r.run.code, 0, r.run.stderr);
    assert.equal(r.summary?.new, 1);
    const damage = r.summary?.skipped.find((s) => s.code === "NMAP_MALFORMED" && s.path === "host[1]");
    assert.ok(damage, JSON.stringify(r.summary?.skipped));
    assert.equal(damage.line, text.slice(0, starts[1]).split("\n").length);
    const notNmap = join(dir, "not.xml");
    await writeFile(notNmap, "<html><body>hello</body></html>");
    const bad = await importJson(notNmap);
    assert.equal(bad.run.code, 1);
    assert.equal(bad.summary?.skipped[0]?.code, "NMAP_NOT_NMAP");
  });

  it("imports a real CycloneDX SBOM as one asset with its components", async (t) => {
    const sbom = sharedData(t, "cyclonedx-sbom/juice-shop-v11.1.2.bom.json");
    if (!sbom) return;
    const r = await importJson(sbom, "--asset", "juice-shop");
    assert.equal(r.run.code, 0, r.run.stderr);
    assert.equal(r.summary?.format, "cyclonedx");
    assert.equal(r.summary?.new, 1);
    const list = (await centinela(data, ["assets", "list", "--org", "CFE", "--json"])).stdout.trim().split("\n");
    const asset = list
      .map((l) => JSON.parse(l) as { name: string; software: { purl: string | null }[] })
      .find((a) => a.name === "juice-shop");
    assert.ok(asset && asset.software.length > 100);
    assert.ok(asset.software.every((s) => s.purl === null || s.purl.startsWith("pkg:")));
  });

  it("counts components kept without a bad CPE or purl as kept in part, not skipped, in both languages", async () => {
    const sbom = join(dir, "partly.bom.json");
    await writeFile(
      sbom,
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.4",
        metadata: { component: { name: "portal", version: "1.0" } },
        components: [
          { name: "openssl", version: "1.1.1", cpe: "cpe:2.3:x:openssl:openssl:1.1.1:*:*:*:*:*:*:*" },
          { name: "lodash", version: "4.17.20", purl: "lodash@4.17.20" },
          { version: "1.0" },
          { name: "express", version: "4.17.1", purl: "pkg:npm/express@4.17.1" },
        ],
      }),
    );
    const r = await importJson(sbom);
    assert.equal(r.run.code, 0, r.run.stderr);
    assert.deepEqual(
      r.summary?.skipped.map((s) => s.path),
      ["components[2].name"],
    );
    assert.deepEqual(
      r.summary?.kept.map((s) => [s.path, s.kept]),
      [
        ["components[0].cpe", true],
        ["components[1].purl", true],
      ],
    );
    const asset = (await centinela(data, ["assets", "list", "--org", "CFE", "--json"])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { name: string; software: { name: string; cpe: string | null }[] })
      .find((a) => a.name === "portal");
    assert.deepEqual(asset?.software.map((s) => [s.name, s.cpe]).sort(), [
      ["express", null],
      ["lodash", null],
      ["openssl", null],
    ]);
    const en = await centinela(data, ["assets", "import", sbom, "--org", "CFE", "-q"]);
    assert.match(en.stdout, /: 0 new, 0 updated, 1 unchanged, 1 skipped, 2 kept in part\n/);
    assert.match(en.stdout, /components\[0\]\.cpe: CDX_BAD_COMPONENT .*; kept without CPE\n/);
    const es = await run(dataTarget(data), ["assets", "import", sbom, "--org", "CFE", "-q"], undefined, {
      LANG: "es_MX.UTF-8",
    });
    assert.match(es.stdout, /: 0 nuevos, 0 actualizados, 1 sin cambios, 1 omitidos, 2 conservados en parte\n/);
  });

  it("imports the CSV template: bad cells, another organization and a wrong column are reported", async () => {
    const csv = join(dir, "inv.csv");
    await writeFile(
      csv,
      "name,organization,site,ip,role,criticality,internet_exposed,vendor,cpe\n" +
        "adc-1,CFE,Planta 1,10.0.0.5,network-edge,crítica,sí,Citrix,cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.0-91.10:*:*:*:-:*:*:*\n" +
        "otro,PEMEX,,10.9.9.9,server,baja,no,,\n" +
        "malo,CFE,,10.0.0.7,overlord,alta,no,,\n",
    );
    const r = await importJson(csv);
    assert.equal(r.run.code, 0, r.run.stderr);
    assert.equal(r.summary?.new, 1);
    const codes = r.summary?.skipped.map((s) => s.code).sort();
    assert.deepEqual(codes, ["CSV_BAD_CELL", "IMPORT_OTHER_ORGANIZATION"]);
    const cell = r.summary?.skipped.find((s) => s.code === "CSV_BAD_CELL");
    const other = r.summary?.skipped.find((s) => s.code === "IMPORT_OTHER_ORGANIZATION");
    assert.match(
      other?.message ?? "",
      /^asset "otro" names organization "PEMEX", not "CFE"; skipped: import it with --org "PEMEX"$/,
    );
    assert.deepEqual([cell?.line, cell?.path], [4, "role"]);
    assert.match((await centinela(data, ["assets", "site", "list", "--org", "CFE"])).stdout, /Planta 1/);
    const wrong = join(dir, "wrong.csv");
    await writeFile(wrong, "nombre,ip\nadc,10.0.0.1\n");
    const w = await importJson(wrong);
    assert.equal(w.run.code, 1);
    assert.equal(w.summary?.skipped[0]?.code, "CSV_BAD_HEADER");
  });

  it("changes, shows and removes an asset and its software; refuses bad values", async () => {
    const line = (await centinela(data, ["assets", "list", "--org", "CFE"])).stdout
      .split("\n")
      .find((l) => l.includes("adc-1"));
    const id = line?.split("\t")[0] as string;
    const set = await centinela(data, ["assets", "set", id, "--org", "CFE", "--criticality", "low", "--owner", "Ana"]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal((await centinela(data, ["assets", "set", id, "--org", "CFE", "--role", "overlord"])).code, 1);
    const sw = await centinela(data, [
      "assets",
      "software",
      "add",
      id,
      "--org",
      "CFE",
      "--cpe",
      "cpe:/o:cisco:ios:15.1",
    ]);
    assert.equal(sw.code, 0, sw.stderr);
    assert.match(sw.stdout, /cpe:2\.3:o:cisco:ios:15\.1/);
    const badCpe = await centinela(data, ["assets", "software", "add", id, "--org", "CFE", "--cpe", "cpe:2.3:a:x"]);
    assert.equal(badCpe.code, 1);
    assert.match(badCpe.stderr, /CPE_FIELD_COUNT/);
    const shown = JSON.parse((await centinela(data, ["assets", "show", id, "--org", "CFE"])).stdout) as {
      criticality: string;
      owner: string;
      software: unknown[];
    };
    assert.deepEqual([shown.criticality, shown.owner, shown.software.length], ["low", "Ana", 2]);
    assert.equal((await centinela(data, ["assets", "rm", id, "--org", "CFE"])).code, 0);
    const gone = await centinela(data, ["assets", "show", id, "--org", "CFE"]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /not found/);
    assert.equal((await centinela(data, ["assets", "list", "--org", "NOPE"])).code, 1);
  });

  it("keeps vendor records, replacing one by name", async () => {
    const add = (...extra: string[]) => centinela(data, ["assets", "vendor", "add", "Hikvision", ...extra]);
    assert.equal((await add("--alias", "Hangzhou Hikvision", "--alias", "HIKVISION", "--country", "CN")).code, 0);
    const replaced = await add(
      "--alias",
      "HIKVISION",
      "--parent",
      "CETC",
      "--country",
      "CN",
      "--state-control",
      "CETC, a state-owned group",
    );
    assert.equal(replaced.code, 0, replaced.stderr);
    const lines = (await centinela(data, ["assets", "vendor", "list"])).stdout.trim().split("\n");
    assert.deepEqual(
      lines.map((l) => JSON.parse(l)),
      [
        {
          name: "Hikvision",
          aliases: ["HIKVISION"],
          country: "CN",
          parents: ["CETC"],
          stateControl: "CETC, a state-owned group",
        },
      ],
    );
    const bad = await add("--country", "China");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /ISO 3166-1/);
  });
});
