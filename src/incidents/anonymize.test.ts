import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { anonymize, anonymizedStix } from "./anonymize.js";
import { checkIncidentExtensions } from "./extension-schemas.js";
import { sampleRecord } from "./test-fixtures.js";

describe("anonymization policy", () => {
  const record = sampleRecord({
    title: "Ransomware en la Secretaria de Transporte",
    description:
      "La SECRETARÍA DE TRANSPORTE detectó cifrado en srv-nomina-01 (10.20.0.5, srv-nomina-01.sct.local) y en fileserver.corp; " +
      "el C2 era 203.0.113.77. Reportó ana.lopez@sct.gob.mx desde fd12:3456::1.",
    attachments: [
      { sha256: "a".repeat(64), name: "nota-rescate-sct.txt", size: 120, added: "2026-03-14T16:00:00.000Z" },
    ],
  });
  const { record: out, redactions } = anonymize(record);

  it("scrubs the organization's name (accents or not), asset names, internal hosts and addresses, e-mails", () => {
    assert.equal(out.title, "Ransomware en la [organización]");
    assert.equal(
      out.description,
      "La [organización] detectó cifrado en [activo 1] ([activo 1], [activo 1]) y en [host interno]; " +
        "el C2 era 203.0.113.77. Reportó [correo] desde [dirección interna].",
    );
  });

  it("removes the reporter's identity and keeps sector and state", () => {
    assert.equal(out.org.name, "");
    assert.equal(out.org.id, "");
    assert.equal(out.assignee, null);
    assert.equal(out.org.sector, "transport");
    assert.equal(out.org.state, "MX-CMX");
    assert.deepEqual(
      out.assets.map((a) => a.name),
      ["activo 1"],
    );
    assert.equal(out.attachments[0]?.name, "");
    assert.equal(out.attachments[0]?.sha256, "a".repeat(64));
  });

  it("lists every change, so the sender sees what leaves", () => {
    const rules = new Set(redactions.map((r) => r.rule));
    for (const rule of [
      "identity",
      "asset",
      "org-name",
      "asset-name",
      "email",
      "internal-address",
      "internal-host",
      "file-name",
    ])
      assert.ok(rules.has(rule as never), rule);
    assert.ok(redactions.some((r) => r.before === "SECRETARÍA DE TRANSPORTE"));
  });

  it("the STIX sent carries no identity, no created_by_ref, no internal name, and still follows the schemas", () => {
    const objects = anonymizedStix(out);
    const text = JSON.stringify(objects);
    assert.ok(!objects.some((o) => o.type === "identity"));
    assert.ok(!text.includes("created_by_ref"));
    for (const secret of ["Transporte", "srv-nomina", "10.20.0.5", "ana.lopez", "sct.local", "nota-rescate", '"ana"'])
      assert.ok(!text.includes(secret), secret);
    assert.deepEqual(checkIncidentExtensions(objects), []);
  });
});
