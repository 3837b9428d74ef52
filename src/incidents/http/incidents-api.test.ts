import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { importItems } from "../../ingest/index.js";
import { readStixStream } from "../../stix/index.js";
import type { Store } from "../../store/index.js";
import { anonymousCopyId } from "../service.js";
import { httpFixture } from "./http-fixture.js";

const NOW = Date.parse("2026-03-14T18:00:00Z");
const SYSTEM = { kind: "system", orgId: null, userId: null } as const;

const report = {
  org: "Secretaria de Transporte", // written without the accent
  title: "Ransomware en 110 equipos",
  types: ["ransomware"],
  awareAt: "2026-03-14 09:30",
  criticality: 70,
};

async function* one(chunk: Buffer): AsyncIterable<Buffer> {
  yield chunk;
}

/** Everything written: object versions and audit entries, to check a refusal wrote nothing. */
async function written(store: Store): Promise<[number, number]> {
  const objects = await store.countObjects(SYSTEM, { versions: ["all"] });
  return [objects, (await store.directory.listAudit(0, 10_000)).length];
}

for (const backend of ["sqlite", "postgres"] as const)
  describe(`incidents REST API (${backend})`, () => {
    it("reports, lists and shows with clocks; other organizations see nothing of an AMBER incident", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const res = await f.call("ana", "POST", "/api/v1/incidents", report);
      assert.equal(res.statusCode, 201, res.body);
      const r = res.json();
      assert.match(r.id, /^incident--/);
      assert.equal(res.headers.location, `/api/v1/incidents/${r.id}`);
      assert.equal(r.org.name, "Secretaría de Transporte");
      assert.equal(r.awareAt, "2026-03-14T15:30:00.000Z");
      assert.equal(r.clocks[0].stage, "notification");
      assert.equal(r.clocks[0].state, "pending");
      assert.equal(r.clocks[0].due, "2026-03-15T15:30:00.000Z");

      const own = await f.call("rita", "GET", "/api/v1/incidents");
      assert.deepEqual(
        own.json().incidents.map((i: { id: string }) => i.id),
        [r.id],
      );
      assert.equal((await f.call("rita", "GET", `/api/v1/incidents/${r.id}`)).json().title, report.title);
      assert.equal((await f.call("luis", "GET", "/api/v1/incidents")).json().incidents.length, 0);
      for (const path of ["", "/comments", "/attachments", "/bundle", "/reports/notification"]) {
        const other = await f.call("luis", "GET", `/api/v1/incidents/${r.id}${path}`);
        assert.equal(other.statusCode, 404, path);
        assert.equal(other.json().code, "INCIDENT_NOT_FOUND");
      }
      assert.equal((await f.call(null, "GET", "/api/v1/incidents")).statusCode, 401);
      const filtered = await f.call("ana", "GET", "/api/v1/incidents?status=en%20triaje");
      assert.equal(filtered.json().incidents.length, 0);
    });

    it("bad input is a clear error in the caller's language, and writes nothing", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const before = await written(f.store);
      const cases: [Record<string, unknown>, string, RegExp, RegExp][] = [
        [{ regime: "mx-apff" }, "INCIDENT_UNKNOWN_REGIME", /régimen .*mx-apf, nis2/, /unknown reporting regime/],
        [{ awareAt: "2027-01-01 10:00" }, "INCIDENT_AWARENESS_IN_FUTURE", /^awareAt 2027.* en el futuro/, /future/],
        [{ criticality: 101 }, "INCIDENT_CRITICALITY_RANGE", /^criticality «101» fuera de rango/, /out of range/],
        [{ criticality: "alta" }, "INCIDENT_CRITICALITY_RANGE", /fuera de rango/, /out of range/],
        [{ assets: [f.cfeAsset] }, "INCIDENT_ASSET_NOT_IN_ORG", /no está en el inventario/, /not in the inventory/],
        [{ types: ["ransomwar"] }, "INCIDENT_UNKNOWN_TYPE", /quiso decir «ransomware»/, /did you mean "ransomware"/],
        [{ timeZone: "Mexico/Monterey" }, "INCIDENT_BAD_TIMEZONE", /zona horaria/, /time zone/],
        [{ org: "Pemex" }, "INCIDENT_UNKNOWN_ORG", /desconocida/, /unknown organization/],
      ];
      for (const [change, code, es, en] of cases) {
        const body = { ...report, ...change };
        const spanish = await f.call("ana", "POST", "/api/v1/incidents", body);
        assert.equal(spanish.statusCode, 400, `${code}: ${spanish.body}`);
        assert.equal(spanish.json().code, code);
        assert.match(spanish.json().message, es);
        const english = await f.call("ana", "POST", "/api/v1/incidents", body, "en-US,en;q=0.9");
        assert.match(english.json().message, en, code);
        assert.deepEqual(await written(f.store), before, `${code} wrote nothing`);
      }
      const unknownField = await f.call("ana", "POST", "/api/v1/incidents", { ...report, severity: 3 });
      assert.equal(unknownField.statusCode, 400);
      assert.deepEqual(await written(f.store), before);
    });

    it("who may do what is access's answer: readers and partners never write, nobody writes for another organization", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const before = await written(f.store);
      assert.equal((await f.call("rita", "POST", "/api/v1/incidents", report)).statusCode, 403);
      const forOther = await f.call("luis", "POST", "/api/v1/incidents", report);
      assert.equal(forOther.statusCode, 403);
      assert.equal(forOther.json().code, "INCIDENT_FORBIDDEN");
      assert.deepEqual(await written(f.store), before);
      const r = (await f.call("ana", "POST", "/api/v1/incidents", { ...report, org: undefined })).json();
      assert.equal(r.org.name, "Secretaría de Transporte", "the caller's own organization by default");
      const byReader = await f.call("rita", "PATCH", `/api/v1/incidents/${r.id}`, { status: "triage" });
      assert.equal(byReader.statusCode, 403);
      assert.equal((await f.call("rita", "POST", `/api/v1/incidents/${r.id}/comments`, { text: "x" })).statusCode, 403);
      assert.equal((await f.call("luis", "PATCH", `/api/v1/incidents/${r.id}`, { status: "triage" })).statusCode, 404);
      assert.equal((await f.call("rita", "GET", "/api/v1/national")).statusCode, 403);
      assert.equal((await f.call("ana", "GET", "/api/v1/national")).json().code, "INCIDENT_FORBIDDEN");
    });

    it("workflow, comments and attachments; a wrong move is 409 and writes nothing", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const r = (await f.call("ana", "POST", "/api/v1/incidents", report)).json();
      const moved = await f.call("ana", "PATCH", `/api/v1/incidents/${r.id}`, { status: "contenido", assignee: "ana" });
      assert.equal(moved.statusCode, 200, moved.body);
      assert.equal(moved.json().status, "contained");
      const before = await written(f.store);
      const back = await f.call("ana", "PATCH", `/api/v1/incidents/${r.id}`, { status: "nuevo" }, "en");
      assert.equal(back.statusCode, 409);
      assert.match(back.json().message, /contained/);
      const unknown = await f.call("ana", "PATCH", `/api/v1/incidents/${r.id}`, { status: "resuelto" });
      assert.equal(unknown.json().code, "INCIDENT_UNKNOWN_STATUS");
      assert.deepEqual(await written(f.store), before);

      const c = await f.call("ana", "POST", `/api/v1/incidents/${r.id}/comments`, { text: "  Aislado el segmento 3 " });
      assert.equal(c.statusCode, 201);
      assert.match(c.json().id, /^note--/);
      const comments = (await f.call("rita", "GET", `/api/v1/incidents/${r.id}/comments`)).json().comments;
      assert.deepEqual(
        comments.map((x: { author: string; text: string }) => [x.author, x.text]),
        [["ana", "Aislado el segmento 3"]],
      );
      const file = { sha256: "A".repeat(64), name: "memoria.raw", size: 1024 };
      const a = await f.call("ana", "POST", `/api/v1/incidents/${r.id}/attachments`, { files: [file, file] });
      assert.equal(a.statusCode, 201);
      assert.deepEqual(
        a.json().attachments.map((x: { sha256: string }) => x.sha256),
        ["a".repeat(64)],
      );
      const bad = await f.call("ana", "POST", `/api/v1/incidents/${r.id}/attachments`, {
        files: [{ ...file, sha256: "x" }],
      });
      assert.equal(bad.statusCode, 400);
      const shown = (await f.call("ana", "GET", `/api/v1/incidents/${r.id}`)).json();
      assert.equal(shown.assignee, "ana");
      assert.equal(shown.commentRefs.length, 1);
    });

    it("submits to the hub (preview sends nothing; anonymized, the CSIRT reads only the scrubbed copy) and the national picture counts it", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const body = {
        ...report,
        description: "srv-nomina-01 cifrado en la Secretaría de Transporte",
        assets: [f.sctAsset],
      };
      const r = (await f.call("ana", "POST", "/api/v1/incidents", body)).json();
      const before = await written(f.store);
      const preview = await f.call("ana", "POST", `/api/v1/incidents/${r.id}/submissions`, {
        anonymize: true,
        preview: true,
      });
      assert.equal(preview.statusCode, 200, preview.body);
      assert.equal(preview.json().sent, false);
      assert.ok(preview.json().redactions.some((x: { rule: string }) => x.rule === "org-name"));
      assert.ok(!JSON.stringify(preview.json().objects).includes("Transporte"));
      assert.deepEqual(await written(f.store), before, "a preview writes nothing");

      const sent = await f.call("ana", "POST", `/api/v1/incidents/${r.id}/submissions`, { anonymize: true });
      assert.equal(sent.statusCode, 201);
      assert.equal(sent.json().stage, "notification");
      assert.equal((await f.call("cesar", "GET", `/api/v1/incidents/${r.id}`)).statusCode, 404);
      const copy = (await f.call("cesar", "GET", `/api/v1/incidents/${anonymousCopyId(r.id)}`)).json();
      assert.equal(copy.org.name, "");
      assert.equal(copy.description, "[activo 1] cifrado en la [organización]");
      const own = (await f.call("ana", "GET", `/api/v1/incidents/${r.id}`)).json();
      assert.equal(own.clocks[0].state, "submitted");

      const picture = await f.call("cesar", "GET", "/api/v1/national");
      assert.equal(picture.statusCode, 200, picture.body);
      const p = picture.json();
      assert.equal(p.totals.incidents, 1);
      assert.deepEqual(p.bySector.map((b: { key: string }) => b.key).slice(0, 1), ["transport"]);
      assert.ok(!JSON.stringify(p).includes("Transporte"));
      assert.equal((await f.call("cesar", "GET", "/api/v1/national?timeZone=Mars/Olympus")).statusCode, 400);
      const cdmx = (await f.call("cesar", "GET", "/api/v1/national?state=Ciudad%20de%20Mexico")).json();
      assert.equal(cdmx.totals.incidents, 1);
      const nl = (await f.call("cesar", "GET", "/api/v1/national?state=Nuevo%20Leon")).json();
      assert.equal(nl.totals.incidents, 0);
      const texas = await f.call("cesar", "GET", "/api/v1/national?state=Texas");
      assert.equal(texas.statusCode, 400);
      assert.equal(texas.json().code, "INCIDENT_UNKNOWN_STATE");
      assert.match(texas.json().message, /estado «Texas» desconocido/);
      const noStage = await f.call("ana", "POST", `/api/v1/incidents/${r.id}/submissions`, { stage: "final" });
      assert.equal(noStage.json().code, "INCIDENT_UNKNOWN_STAGE");
    });

    it("the bundle is the stored text, and each stage's report is printable HTML in Spanish or English", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const r = (await f.call("ana", "POST", "/api/v1/incidents", { ...report, regime: "nis2" })).json();
      const bundle = await f.call("ana", "GET", `/api/v1/incidents/${r.id}/bundle`);
      assert.equal(bundle.statusCode, 200);
      assert.match(String(bundle.headers["content-type"]), /application\/stix\+json/);
      const stored = await f.store.queryRawObjects(SYSTEM, { ids: [r.id] }, { limit: 1 });
      assert.ok(bundle.body.includes(stored.objects[0]?.raw as string), "the incident as stored, byte for byte");

      const summary = await importItems(f.store, readStixStream(one(Buffer.from(bundle.body))), {
        ctx: { orgId: f.sct.id, userId: null, source: "test" },
        source: "bundle.json",
      });
      assert.deepEqual([summary.new, summary.newVersion, summary.rejected], [0, 0, 0], "imports again unchanged");
      assert.equal(summary.unchanged, JSON.parse(bundle.body).objects.length);

      const facts = { mitigation: "Segmento aislado", rootCause: "VPN sin MFA", crossBorder: "ninguno" };
      assert.equal((await f.call("ana", "PATCH", `/api/v1/incidents/${r.id}`, facts)).statusCode, 200);
      const final = await f.call("ana", "GET", `/api/v1/incidents/${r.id}/reports/final-report`);
      for (const v of Object.values(facts)) assert.match(final.body, new RegExp(`<td>${v}</td>`));
      const es = await f.call("ana", "GET", `/api/v1/incidents/${r.id}/reports/early-warning`);
      assert.equal(es.statusCode, 200);
      assert.match(String(es.headers["content-type"]), /text\/html/);
      assert.match(es.body, /<html lang="es-MX">/);
      assert.match(es.body, /Alerta temprana/);
      const en = await f.call("ana", "GET", `/api/v1/incidents/${r.id}/reports/final-report?lang=en`);
      assert.match(en.body, /<html lang="en">/);
      assert.match(en.body, /Root cause/);
      const missing = await f.call("ana", "GET", `/api/v1/incidents/${r.id}/reports/notificacion`);
      assert.equal(missing.statusCode, 400);
      assert.match(missing.json().message, /early-warning, notification, final-report/);
    });

    it("attributes to a threat actor in the store, by name or alias", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const actor = {
        type: "intrusion-set",
        spec_version: "2.1",
        id: "intrusion-set--0f8b2c1e-5d4a-4c3b-9a2e-7b6c5d4e3f21",
        created: "2026-01-01T00:00:00.000Z",
        modified: "2026-01-01T00:00:00.000Z",
        name: "Guacamaya",
        aliases: ["Guacamaya Hacktivistas"],
        object_marking_refs: ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
      };
      const bundle = JSON.stringify({
        type: "bundle",
        id: "bundle--6c2a1f0e-2b3c-4d5e-8f9a-0b1c2d3e4f50",
        objects: [actor],
      });
      await importItems(f.store, readStixStream(one(Buffer.from(bundle))), {
        ctx: { orgId: f.csirt.id, userId: null, source: "test" },
        source: "actor.json",
      });
      const r = await f.call("ana", "POST", "/api/v1/incidents", { ...report, actor: "guacamaya hacktivistas" });
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual(
        [r.json().actor.id, r.json().actor.name, r.json().actor.source],
        [actor.id, "Guacamaya", "store"],
      );
      const sent = (await f.call("ana", "GET", `/api/v1/incidents/${r.json().id}/bundle`)).json();
      const ids = sent.objects.map((o: { id: string }) => o.id);
      assert.equal(ids.filter((x: string) => x === actor.id).length, 1, "the stored actor goes along, once");
      const typo = await f.call("ana", "PATCH", `/api/v1/incidents/${r.json().id}`, { actor: "Guacamayo" });
      assert.equal(typo.statusCode, 400);
      assert.equal(typo.json().code, "INCIDENT_ACTOR_NOT_STORED");
      assert.match(typo.json().message, /¿quiso decir «Guacamaya»\?/);
    });

    it("an organization's reporting defaults: analysts set them, new reports take them", async (t) => {
      const f = await httpFixture(t, NOW, backend);
      if (!f) return;
      const url = "/api/v1/incidents/settings/Secretaria%20de%20Transporte";
      assert.equal((await f.call("ana", "GET", url)).json().configured, false);
      assert.equal((await f.call("rita", "PUT", url, { regime: "nis2" })).statusCode, 403);
      assert.equal((await f.call("luis", "PUT", url, { regime: "nis2" })).statusCode, 403);
      const bad = await f.call("ana", "PUT", url, { timeZone: "Europa/Madrid" });
      assert.equal(bad.json().code, "INCIDENT_BAD_TIMEZONE");
      const set = await f.call("ana", "PUT", url, { regime: "nis2", timeZone: "Europe/Madrid" });
      assert.equal(set.statusCode, 200, set.body);
      assert.deepEqual(
        [set.json().regime, set.json().timeZone, set.json().configured],
        ["nis2", "Europe/Madrid", true],
      );
      const r = (await f.call("ana", "POST", "/api/v1/incidents", report)).json();
      assert.deepEqual(
        r.clocks.map((c: { stage: string }) => c.stage),
        ["early-warning", "notification", "final-report"],
      );
      assert.equal(r.timeZone, "Europe/Madrid");
      const ftp = await f.call("ana", "PUT", url, { submitTo: { apiRoot: "ftp://csirt", collection: "x" } });
      assert.equal(ftp.json().code, "INCIDENT_BAD_VALUE");
      const partner = { apiRoot: "https://csirt.example/taxii2/api", collection: "incidentes" };
      const put = (await f.call("ana", "PUT", url, { submitTo: partner })).json();
      assert.deepEqual(put.submitTo, { apiRoot: "https://csirt.example/taxii2/api/", collection: "incidentes" });
      assert.equal(put.regime, "nis2", "what is not given stays");
      assert.equal((await f.call("ana", "PUT", url, { submitTo: null })).json().submitTo, null);
    });
  });
