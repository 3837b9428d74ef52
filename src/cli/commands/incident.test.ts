import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sharedData } from "../../testing/index.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

/** The incident and national commands, run as the real binary on one store, in the order a user would. */

describe("centinela incident and national", () => {
  let dir: string;
  let data: string;
  const es = (args: string[]) => run(dataTarget(data), args, undefined, { LANG: "es_MX.UTF-8" });
  const en = (args: string[]) => run(dataTarget(data), args, undefined, { LANG: "en_US.UTF-8" });
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  let id = "";
  let cfeAsset = "";

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-incident-cli-"));
    data = join(dir, "data");
    assert.equal(
      (await es(["org", "add", "Secretaría de Transporte", "--sector", "transport", "--state", "CDMX"])).code,
      0,
    );
    assert.equal((await es(["org", "add", "CFE Occidente", "--sector", "energy", "--state", "Nuevo Leon"])).code, 0);
    assert.equal((await es(["org", "add", "CSIRT Nacional"])).code, 0);
    await writeFile(
      join(dir, "sct.csv"),
      "name,ip,role,criticality,internet_exposed,vendor,cpe\nsrv-nomina-01,10.20.0.5,server,critical,no,,\n",
    );
    await writeFile(
      join(dir, "cfe.csv"),
      "name,ip,role,criticality,internet_exposed,vendor,cpe\nscada-gdl,10.9.0.1,control,critical,yes,,\n",
    );
    assert.equal((await es(["assets", "import", join(dir, "sct.csv"), "--org", "Secretaría de Transporte"])).code, 0);
    assert.equal((await es(["assets", "import", join(dir, "cfe.csv"), "--org", "CFE Occidente"])).code, 0);
    const list = await es(["assets", "list", "--org", "CFE Occidente", "--json"]);
    cfeAsset = (JSON.parse(list.stdout.trim().split("\n")[0] as string) as { id: string }).id ?? "";
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("org add reads states as people write them, and refuses one that does not exist", async () => {
    const bad = await es(["org", "add", "Otra", "--sector", "water", "--state", "Texas"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"Texas" no es un estado de México/);
  });

  it("reports an incident and shows its clock in Spanish", async () => {
    const r = await es([
      "incident",
      "report",
      "--org",
      "Secretaría de Transporte",
      "--title",
      "Ransomware en 110 equipos",
      "--type",
      "ransomware",
      "--aware-at",
      hoursAgo(3),
      "--criticality",
      "70",
      "--asset",
      "srv-nomina-01",
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const rec = JSON.parse(r.stdout) as { id: string; org: { state: string }; assets: unknown[] };
    id = rec.id;
    assert.equal(rec.org.state, "MX-CMX");
    assert.equal(rec.assets.length, 1);
    const show = await es(["incident", "show", id]);
    assert.match(
      show.stdout,
      /Plazos:\n {4}notification — Notificación al CSIRT Nacional: vence .* \(faltan 20 h \d+ min\)/,
    );
  });

  it("bad input is an error naming what to fix, in Spanish or English, and writes nothing", async () => {
    const base = ["incident", "report", "--org", "Secretaría de Transporte", "--title", "x", "--type", "ransomware"];
    const cases: Array<[string[], RegExp, RegExp]> = [
      [
        [...base, "--aware-at", hoursAgo(1), "--regime", "gdpr"],
        /régimen de notificación desconocido «gdpr»/,
        /unknown reporting regime "gdpr"/,
      ],
      [[...base, "--aware-at", "2099-01-01 10:00"], /está en el futuro/, /is in the future/],
      [[...base, "--aware-at", hoursAgo(1), "--criticality", "150"], /fuera de rango/, /out of range/],
      [
        [...base, "--aware-at", hoursAgo(1), "--asset", cfeAsset],
        /no está en el inventario de Secretaría de Transporte/,
        /is not in the inventory of Secretaría de Transporte/,
      ],
      [[...base, "--aware-at", "14/03/2026"], /no es una fecha y hora/, /is not a date and time/],
    ];
    const stored = async () => (await es(["stats", "--json"])).stdout;
    const before = await stored();
    for (const [i, [args, inEs, inEn]] of cases.entries()) {
      const a = await es(args);
      assert.equal(await stored(), before, `nothing written by ${args.join(" ")}`);
      assert.equal(a.code, 2, args.join(" "));
      assert.match(a.stderr, inEs);
      // English once or twice is enough to show the language follows LANG.
      if (i < 2) assert.match((await en(args)).stderr, inEn);
    }
    assert.equal((await es(["incident", "list"])).stdout.trim().split("\n").length, 1);
  });

  it("moves through the workflow with comments and attachments; a wrong move is refused", async () => {
    const up = await es([
      "incident",
      "update",
      id,
      "--status",
      "en triaje",
      "--assignee",
      "ana",
      "--comment",
      "VLAN aislada",
      "--attach",
      join(dir, "sct.csv"),
      "--json",
    ]);
    assert.equal(up.code, 0, up.stderr);
    const rec = JSON.parse(up.stdout) as {
      status: string;
      attachments: Array<{ sha256: string }>;
      commentRefs: string[];
    };
    assert.equal(rec.status, "triage");
    assert.match(rec.attachments[0]?.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(rec.commentRefs.length, 1);
    assert.match((await es(["incident", "show", id])).stdout, /Comentarios:\n {4}\S+ cli: VLAN aislada\n/);
    const back = await en(["incident", "update", id, "--status", "new"]);
    assert.equal(back.code, 2);
    assert.match(back.stderr, /the incident is "triage" and cannot move to "new"; possible next: contained/);
    const versions = await es(["get", id, "--version", "all"]);
    assert.equal(versions.code, 0, versions.stderr);
  });

  it("exports a STIX bundle that imports again unchanged, and a printable report per stage", async () => {
    const file = join(dir, "incident.json");
    assert.equal((await es(["incident", "show", id, "--stix", "--out", file])).code, 0);
    const bundle = JSON.parse(await readFile(file, "utf8")) as { objects: Array<{ type: string }> };
    assert.ok(bundle.objects.some((o) => o.type === "incident"));
    const imp = await en(["import", file]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout + imp.stderr, /new\s+0[\s\S]*new versions?\s+0[\s\S]*unchanged\s+\d+/);
    const again = join(dir, "incident-again.json");
    assert.equal((await es(["incident", "show", id, "--stix", "--out", again])).code, 0);
    const objectsOf = (text: string) => text.slice(text.indexOf('"objects"'));
    assert.equal(objectsOf(await readFile(again, "utf8")), objectsOf(await readFile(file, "utf8")), "unchanged");
    const html = await es(["incident", "show", id, "--html", "notification"]);
    assert.match(html.stdout, /<html lang="es-MX">/);
    const page = join(dir, "notificacion.html");
    const printed = await es(["incident", "report-html", id, "--stage", "notification", "--out", page]);
    assert.equal(printed.code, 0, printed.stderr);
    assert.match(printed.stderr, /reporte escrito en/);
    assert.match(await readFile(page, "utf8"), /Notificación al CSIRT Nacional/);
    const wrong = await en(["incident", "report-html", id, "--stage", "early-warning"]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /unknown stage "early-warning" .*use one of: notification/);
    assert.match(
      (await en(["incident", "show", id, "--html", "notification", "--lang", "en"])).stdout,
      /Notification to the CSIRT Nacional/,
    );
  });

  it("submits to the hub, anonymized with the changes shown first; the national picture counts it", async () => {
    const noHub = await es(["incident", "submit", id]);
    assert.equal(noHub.code, 2);
    assert.match(noHub.stderr, /centinela collection add csirt-nacional/);
    assert.equal((await es(["collection", "add", "csirt-nacional", "--title", "CSIRT Nacional"])).code, 0);
    assert.equal((await es(["collection", "grant", "csirt-nacional", "CSIRT Nacional", "--read"])).code, 0);
    const preview = await es(["incident", "submit", id, "--anonymize", "--preview"]);
    assert.equal(preview.code, 0, preview.stderr);
    assert.match(preview.stderr, /assets\[0\] \[asset\]: «srv-nomina-01» → «activo 1»/);
    assert.ok(!preview.stdout.includes("Secretaría de Transporte"));
    const sent = await es(["incident", "submit", id, "--anonymize"]);
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /enviado notification de incident--.* a csirt-nacional \(anonimizado\)/);
    const all = JSON.parse((await es(["national", "--json"])).stdout) as {
      totals: { incidents: number };
      incidents: unknown[];
    };
    assert.equal(all.totals.incidents, 1);
    const cfe = JSON.parse((await es(["national", "--json", "--as", "CFE Occidente"])).stdout) as {
      totals: { incidents: number; countedOnly: number; assets: number };
      incidents: unknown[];
      byState: Array<{ key: string; incidents: number }>;
    };
    assert.equal(cfe.totals.incidents, 1);
    assert.equal(cfe.totals.countedOnly, 1);
    assert.deepEqual(cfe.incidents, []);
    assert.equal(cfe.totals.assets, 1);
    assert.equal(cfe.byState.find((b) => b.key === "MX-CMX")?.incidents, 1);
    const table = (await es(["national"])).stdout;
    assert.match(table, /Por entidad/);
    // Sectors by their Spanish names (exposure:sector), the key staying in --json.
    assert.match(table, /^ {2}transporte +1 /m);
    assert.match((await es(["national", "--lang", "en"])).stdout, /^ {2}transport +1 /m);
    // States as people write them; one that does not exist is refused with the nearest.
    const nl = JSON.parse((await es(["national", "--json", "--state", "Nuevo Leon"])).stdout) as {
      totals: { incidents: number; assets: number };
    };
    assert.deepEqual([nl.totals.incidents, nl.totals.assets], [0, 1]);
    const cdmx = JSON.parse((await es(["national", "--json", "--state", "cdmx"])).stdout) as {
      totals: { incidents: number };
    };
    assert.equal(cdmx.totals.incidents, 1);
    const typo = await es(["national", "--state", "Nuevo Lion"]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /estado «Nuevo Lion» desconocido.*¿quiso decir «Nuevo León»\?/);
    assert.match((await en(["national", "--state", "Texas"])).stderr, /unknown state "Texas"/);
  });

  it("keeps an organization's reporting defaults for its new reports", async () => {
    const shown = await en(["incident", "settings", "--org", "cfe occidente"]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /regime mx-apf · time zone America\/Mexico_City \(the product's defaults/);
    const typo = await es(["incident", "settings", "--org", "CFE Occidente", "--regime", "nis-2"]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /régimen de notificación desconocido «nis-2»/);
    const set = await es([
      "incident",
      "settings",
      "--org",
      "CFE Occidente",
      "--regime",
      "nis2",
      "--time-zone",
      "Europe/Madrid",
    ]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(
      set.stdout,
      /^régimen nis2 · zona horaria Europe\/Madrid\nenvía a la colección del CSIRT en este almacén \(csirt-nacional\)\n$/,
    );
    const r = await en([
      "incident",
      "report",
      "--org",
      "CFE Occidente",
      "--title",
      "DDoS",
      "--type",
      "denial-of-service",
      "--aware-at",
      hoursAgo(2),
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      [(JSON.parse(r.stdout) as { regime: string }).regime, (JSON.parse(r.stdout) as { timeZone: string }).timeZone],
      ["nis2", "Europe/Madrid"],
    );
    // A configured partner collection is where `submit` sends; a failed send records nothing.
    const cfeId = (JSON.parse(r.stdout) as { id: string }).id;
    const partner = ["--submit-to", "http://127.0.0.1:9/taxii2/api/", "--submit-collection", "incidentes"];
    const to = await en(["incident", "settings", "--org", "CFE Occidente", ...partner]);
    assert.match(to.stdout, /submits to the CSIRT at http:\/\/127\.0\.0\.1:9\/taxii2\/api\/ \(collection incidentes\)/);
    const failed = await en(["incident", "submit", cfeId]);
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /127\.0\.0\.1:9/);
    assert.deepEqual(
      (JSON.parse((await en(["incident", "show", cfeId, "--json"])).stdout) as { submissions: [] }).submissions,
      [],
    );
    assert.match(
      (await en(["incident", "settings", "--org", "CFE Occidente", "--local-hub"])).stdout,
      /csirt-nacional/,
    );
  });

  it("attributes to Guacamaya from the MISP galaxy", async (t) => {
    const galaxy = sharedData(t, "misp-galaxy/clusters/threat-actor.json");
    if (!galaxy) return;
    const r = await en(["incident", "update", id, "--actor", "guacamaya", "--galaxy", galaxy, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { actor: { name: string } }).actor.name, "Guacamaya");
    const bad = await en(["incident", "update", id, "--actor", "Guacamayo", "--galaxy", galaxy]);
    assert.match(bad.stderr, /did you mean "Guacamaya"/);
    // Without --galaxy: the threat actors in the store, once the galaxy is imported.
    const missing = await en(["incident", "update", id, "--actor", "FIN13"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no threat actor "FIN13" in the store; import MISP's/);
    assert.equal((await en(["import", galaxy])).code, 0);
    const stored = await en(["incident", "update", id, "--actor", "fin13", "--json"]);
    assert.equal(stored.code, 0, stored.stderr);
    const actor = (JSON.parse(stored.stdout) as { actor: { name: string; source: string; id: string } }).actor;
    assert.deepEqual([actor.name, actor.source], ["FIN13", "store"]);
    assert.equal((await en(["get", actor.id])).code, 0, "the incident points at the stored actor");
  });
});
