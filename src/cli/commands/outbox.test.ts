import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { organizationIdentityId, TLP_MARKING_IDS } from "../../stix/index.js";
import { PROJECT_ROOT } from "../../testing/index.js";
import { runCli } from "../run-in-process.fixture.js";
import { serveTarget } from "./cli-target.fixture.js";

/**
 * Anonymized sharing end to end: an organization with a site, an asset and users pushes to a
 * partner's real `centinela serve` through a destination with the `ais` policy; the objects wait
 * in the outbox, the diff shows what was scrubbed, only the organization's admin may release
 * them, only approved items leave, and what arrives names nobody.
 */

const T = "2026-11-20T10:00:00.000Z";
const GREEN = TLP_MARKING_IDS.green;
const IND = "indicator--9d0c7e4a-3f0e-4b6f-9a63-1f5b1b0d7c11";
const PERSON = "identity--9d0c7e4a-3f0e-4b6f-9a63-1f5b1b0d7c10";

function cli(args: string[], env: Record<string, string> = {}) {
  const base: Record<string, string | undefined> = { ...process.env, LANG: "es_MX.UTF-8", ...env };
  delete base.CENTINELA_DB;
  return runCli(args, { env: base, cwd: PROJECT_ROOT });
}

function bundle(orgId: string, extra: object[] = []) {
  const me = organizationIdentityId(orgId);
  return JSON.stringify({
    type: "bundle",
    id: "bundle--9d0c7e4a-3f0e-4b6f-9a63-1f5b1b0d7c00",
    objects: [
      {
        type: "identity",
        spec_version: "2.1",
        id: me,
        created: T,
        modified: T,
        name: "Secretaría de Energía",
        identity_class: "organization",
        object_marking_refs: [GREEN],
      },
      {
        type: "identity",
        spec_version: "2.1",
        id: PERSON,
        created: T,
        modified: T,
        name: "Juan Pérez",
        identity_class: "individual",
        object_marking_refs: [GREEN],
      },
      {
        type: "indicator",
        spec_version: "2.1",
        id: IND,
        created: T,
        modified: T,
        created_by_ref: me,
        name: "C2 de Remcos visto desde SCADA Tula",
        description:
          "Juan Pérez (juan.perez@energia.gob.mx) vio a 10.20.1.5 (scada-tula.energia.gob.mx, Planta Tula) hablar con 66.63.168.35; también srv-db01.energia.local. Lo revisó lucia, de la Secretaria de Energia.",
        pattern: "[ipv4-addr:value = '66.63.168.35']",
        pattern_type: "stix",
        valid_from: T,
        object_marking_refs: [GREEN],
        x_sener_ticket: "INC-2026-118",
      },
      {
        type: "relationship",
        spec_version: "2.1",
        id: "relationship--9d0c7e4a-3f0e-4b6f-9a63-1f5b1b0d7c12",
        created: T,
        modified: T,
        relationship_type: "related-to",
        source_ref: IND,
        target_ref: PERSON,
        object_marking_refs: [GREEN],
      },
      ...extra,
    ],
  });
}

describe("push --anonymize and the outbox", () => {
  it("queues, shows the diff, lets only the organization's admin release, and sends only what was approved", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-outbox-"));
    const data = join(dir, "sender");
    const hub = join(dir, "hub");
    const server = await serveTarget(
      { name: "sqlite", args: ["--data", hub], env: {}, location: { dataDir: hub }, dispose: async () => {} },
      { CENTINELA_ADMIN_PASSWORD: "admin-pw-123" },
    );
    t.after(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");
    const d = ["--data", data];
    const ok = async (args: string[], env: Record<string, string> = {}) => {
      const r = await cli([...args, ...d], env);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    await ok(["org", "add", "Secretaría de Energía"]);
    await ok(["org", "add", "SSPC CSIRT"]);
    const pw = { CENTINELA_USER_PASSWORD: "Secreto-largo-123" };
    await ok(["user", "add", "lucia", "--org", "Secretaría de Energía", "--role", "admin"], pw);
    await ok(["user", "add", "beto", "--org", "Secretaría de Energía", "--role", "analyst"], pw);
    await ok(["user", "add", "root", "--org", "SSPC CSIRT", "--role", "admin"], pw);
    await ok(["assets", "site", "add", "Planta Tula", "--org", "Secretaría de Energía"]);
    const csv = join(dir, "assets.csv");
    await writeFile(
      csv,
      "name,organization,site,ip,mac,hostname,role,criticality,internet_exposed,owner,vendor,cpe,purl\nSCADA Tula,Secretaría de Energía,Planta Tula,10.20.1.5,,scada-tula.energia.gob.mx,control,high,false,,,,\n",
    );
    await ok(["assets", "import", csv, "--org", "Secretaría de Energía"]);
    const orgId = (await ok(["org", "list"]))
      .split("\n")
      .find((l) => l.includes("Energ"))
      ?.split("\t")[0] as string;
    const file = join(dir, "sener.json");
    await writeFile(file, bundle(orgId));

    // Bad input first: an unknown policy names the known ones; an unknown destination says how to add one.
    const unknown = await cli([
      "push",
      file,
      "--to",
      root,
      "--collection",
      "default",
      "--anonymize",
      "aiss",
      "--org",
      "Secretaría de Energía",
      ...d,
    ]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /política de anonimización desconocida "aiss"; las conocidas son: ais, pseudonymous/);
    const noDest = await cli(["push", file, "--destination", "cisa", "--org", "Secretaría de Energía", ...d]);
    assert.match(noDest.stderr, /no hay destino de envío "cisa"/);

    await ok(["outbox", "destination", "add", "hub", "--to", root, "--collection", "default", "--anonymize", "ais"]);
    const queued = await ok(["push", file, "--destination", "hub", "--org", "Secretaria de Energia"]);
    const id = /(outbox--[0-9a-f-]{36})/.exec(queued)?.[1] as string;
    assert.ok(id, queued);
    assert.match((await ok(["outbox", "list", "--status", "pending"])).trim(), new RegExp(`^${id}\tpending\tais\t`));

    const shown = await ok(["outbox", "show", id]);
    for (const line of [
      /- identity--[0-9a-f-]+ \(no sale: identity Secretaría de Energía\)/,
      /- identity--9d0c7e4a-3f0e-4b6f-9a63-1f5b1b0d7c10 \(no sale: identity Juan Pérez\)/,
      /description \[email\]: "juan\.perez@energia\.gob\.mx" → "\[email\]"/,
      /description \[site\]: "Planta Tula" → "\[site\]"/,
      /description \[internal-host\]: "srv-db01\.energia\.local" → "\[internal host\]"/,
      /x_sener_ticket \[custom-property\]/,
      /perfil AIS: todas las reglas revisadas se cumplen/,
    ])
      assert.match(shown, line);
    const item = JSON.parse(await ok(["outbox", "show", id, "--json"])) as {
      outgoing: { id: string; created_by_ref?: string }[];
    };
    const text = JSON.stringify(item.outgoing);
    for (const leak of [
      "Juan",
      "juan.perez",
      "10.20.1.5",
      "scada-tula",
      "Planta Tula",
      "lucia",
      "Energ",
      "srv-db01",
      "INC-2026",
      orgId,
    ])
      assert.equal(text.includes(leak), false, `${leak} must not leave`);
    assert.ok(text.includes("66.63.168.35"), "the attacker's address stays");
    const generic = item.outgoing.find((o) => o.id.startsWith("identity--"))?.id;
    assert.equal(item.outgoing.find((o) => o.id === IND)?.created_by_ref, generic);

    // Nothing leaves while pending.
    const early = await cli(["push", "--outbox", "--user", "admin", ...d], { CENTINELA_PUSH_PASSWORD: "admin-pw-123" });
    assert.match(early.stderr, /ningún elemento aprobado/);
    // Only the organization's own admin releases it.
    const analyst = await cli(["outbox", "approve", id, "--by", "beto", ...d]);
    assert.equal(analyst.code, 2);
    assert.match(analyst.stderr, /beto no puede aprobar/);
    const otherAdmin = await cli(["outbox", "approve", id, "--by", "root", ...d]);
    assert.match(otherAdmin.stderr, /solo un admin de esa organización puede hacerlo/);
    await ok(["outbox", "approve", id, "--by", "lucia"]);

    const sent = await ok(["push", "--outbox", "--user", "admin"], { CENTINELA_PUSH_PASSWORD: "admin-pw-123" });
    assert.match(sent, new RegExp(`${id}\tenviado a .*: 2 guardados, 0 fallidos, 0 pendientes`));
    const arrived = await cli(["get", IND, "--data", hub]);
    assert.equal(arrived.code, 0, arrived.stderr);
    assert.match(arrived.stdout, /\[person\] \(\[email\]\) vio a \[asset 1\]/);
    assert.equal(arrived.stdout.includes("Juan"), false);
    // Sent once: a second run finds nothing, and a sent item cannot be decided again.
    assert.match((await cli(["push", "--outbox", ...d])).stderr, /ningún elemento aprobado/);
    const again = await cli(["outbox", "approve", id, "--by", "lucia", ...d], { LANG: "en_US.UTF-8" });
    assert.match(again.stderr, /is sent, not pending.*it has already left/);

    // An object without TLP blocks approval; a rejection needs a reason; a rejected item cannot be approved.
    const unmarked = join(dir, "unmarked.json");
    await writeFile(
      unmarked,
      bundle(orgId, [
        {
          type: "indicator",
          spec_version: "2.1",
          id: "indicator--9d0c7e4a-3f0e-4b6f-9a63-1f5b1b0d7c13",
          created: T,
          modified: T,
          pattern: "[ipv4-addr:value = '10.20.1.5']",
          pattern_type: "stix",
          valid_from: T,
        },
      ]),
    );
    const second = /(outbox--[0-9a-f-]{36})/.exec(
      await ok(["push", unmarked, "--destination", "hub", "--org", "Secretaría de Energía"]),
    )?.[1] as string;
    const blocked = await cli(["outbox", "approve", second, "--by", "lucia", ...d]);
    assert.equal(blocked.code, 2);
    assert.match(
      blocked.stderr,
      /no puede aprobarse: 1 errores del perfil AIS, el primero: AIS_TLP_REQUIRED indicator--9d0c7e4a-3f0e-4b6f-9a63-1f5b1b0d7c13/,
    );
    assert.match(await ok(["outbox", "show", second]), /warning AIS_INTERNAL_PATTERN .*10\.20\.1\.5/);
    assert.match(
      (await cli(["outbox", "reject", second, "--by", "lucia", ...d])).stderr,
      /rechazar requiere un motivo/,
    );
    await ok(["outbox", "reject", second, "--by", "lucia", "--reason", "una dirección interna no se comparte"]);
    const rejected = await cli(["outbox", "approve", second, "--by", "lucia", ...d], { LANG: "en_US.UTF-8" });
    assert.equal(rejected.code, 2);
    assert.match(
      rejected.stderr,
      new RegExp(
        `outbox item ${second} is rejected, not pending: only a pending item can be approved or rejected; push the objects again`,
      ),
    );
    assert.match((await cli(["push", "--outbox", ...d])).stderr, /ningún elemento aprobado/);
  });
});
