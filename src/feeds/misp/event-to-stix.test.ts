import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { checkPattern } from "../../pattern/index.js";
import { type StixObject, TLP_MARKING_IDS, validateObject } from "../../stix/index.js";
import { eventsOf, type MispEvent, MispFormatError, mispEventToStix, mispId } from "./index.js";

const FIXTURE = join(import.meta.dirname, "fixtures", "event-every-type.json");
const load = (): MispEvent => eventsOf(JSON.parse(readFileSync(FIXTURE, "utf8")))[0]!;
const byId = (objects: StixObject[]) => new Map(objects.map((o) => [o.id, o]));

describe("MISP event → STIX 2.1", () => {
  it("makes only valid STIX: every object validates without warnings and every pattern checks", () => {
    const { objects } = mispEventToStix(load());
    for (const object of objects) {
      const result = validateObject(object);
      assert.ok(result.ok, `${object.id}: ${JSON.stringify(result.errors)}`);
      assert.deepEqual(result.warnings, [], object.id);
      if (object.type === "indicator" && object.pattern_type === "stix") {
        const checked = checkPattern(object.pattern as string);
        assert.ok(checked.valid, `${object.pattern}: ${JSON.stringify(checked.errors)}`);
      }
    }
  });

  it("accounts for every standalone attribute: converted, kept on the report, a link, or deleted", () => {
    const event = load();
    const { objects, summary } = mispEventToStix(event);
    const ids = byId(objects);
    const report = objects.find((o) => o.type === "report")!;
    const kept = new Set((report.x_misp_attributes as { uuid: string }[]).map((a) => a.uuid));
    const links = (report.external_references ?? []).filter((r) => r.source_name === "misp-link").map((r) => r.url);
    const types = ["indicator", "observed-data", "note", "vulnerability", "threat-actor", "campaign"];
    for (const attr of event.Attribute!) {
      const converted = types.some((t) => ids.has(mispId(t, attr.uuid!)));
      const accounted = converted || kept.has(attr.uuid!) || links.includes(attr.value) || attr.deleted === true;
      assert.ok(accounted, `attribute ${attr.type} ${attr.value} went missing`);
      if (converted)
        assert.ok((report.object_refs as string[]).some((r) => r === mispId(ids.get(r)?.type ?? "", attr.uuid!)));
    }
    assert.equal(summary.deleted, 1);
    assert.deepEqual(summary.unknownTypes, { "weird-new-type": 1 });
    assert.equal(summary.invalidValues.length, 1);
    assert.match(summary.invalidValues[0]!.reason, /"999\.1\.2\.3" is not an IPv4 or IPv6 address/);
    assert.equal(summary.keptAsCustom.btc, 1);
    assert.equal(summary.keptAsCustom["ja3-fingerprint-md5"], 1);
  });

  it("decides indicator or observed-data by to_ids, with the pattern each type calls for", () => {
    const { objects } = mispEventToStix(load());
    const pattern = (type: string) =>
      objects.filter((o) => o.type === "indicator" && o.x_misp_type === type).map((o) => o.pattern);
    assert.deepEqual(pattern("ip-src"), ["[ipv4-addr:value = '203.0.113.7']"]);
    assert.deepEqual(pattern("hostname"), ["[domain-name:value = 'vpn.guacamaya-leaks.example']"]);
    assert.deepEqual(pattern("email-src"), ["[email-message:from_ref.value = 'phishing@sedena-mx.example']"]);
    assert.deepEqual(pattern("filename|sha256"), [
      "[file:name = 'factura.pdf.exe' AND file:hashes.'SHA-256' = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']",
    ]);
    assert.deepEqual(pattern("domain|ip"), [
      "[domain-name:value = 'c2.example.net' AND domain-name:resolves_to_refs[*].value = '192.0.2.44']",
    ]);
    assert.deepEqual(pattern("ip-dst|port"), [
      "[network-traffic:dst_ref.value = '192.0.2.45' AND network-traffic:dst_port = 8443]",
    ]);
    assert.deepEqual(pattern("mutex"), ["[mutex:name = 'Global\\\\GuacamayaMtx']"]);
    assert.deepEqual(pattern("x509-fingerprint-sha1"), [
      "[x509-certificate:hashes.'SHA-1' = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3']",
    ]);
    const yara = objects.find((o) => o.x_misp_type === "yara")!;
    assert.equal(yara.pattern_type, "yara");
    // to_ids=false: observed-data whose SCOs say the same.
    const observed = objects.filter((o) => o.type === "observed-data" && o.x_misp_type === "ip-dst");
    assert.equal(observed.length, 1);
    const ids = byId(objects);
    const sco = ids.get((observed[0]!.object_refs as string[])[0]!)!;
    assert.deepEqual([sco.type, sco.value], ["ipv6-addr", "2001:db8::53"]);
    const as = objects.find((o) => o.type === "autonomous-system")!;
    assert.equal(as.number, 64500);
    assert.equal(objects.find((o) => o.type === "mac-addr")!.value, "00:1a:2b:3c:4d:5e");
    const vuln = objects.find((o) => o.type === "vulnerability")!;
    assert.equal(vuln.name, "CVE-2021-34473");
    assert.deepEqual(vuln.external_references, [{ source_name: "cve", external_id: "CVE-2021-34473" }]);
  });

  it("turns MISP objects into one grouped pattern, one observation per STIX type", () => {
    const { objects } = mispEventToStix(load());
    const of = (name: string) => objects.find((o) => o.x_misp_object_name === name)!;
    assert.equal(
      of("file").pattern,
      "[file:name = 'guaca.exe' AND file:hashes.'MD5' = '5d41402abc4b2a76b9719d911017c592' AND " +
        "file:hashes.'SHA-256' = '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' AND file:size = 73802]",
    );
    assert.deepEqual(of("file").x_misp_object_attributes, [
      { type: "text", object_relation: "state", value: "Malicious" },
    ]);
    assert.match(of("domain-ip").pattern as string, /resolves_to_refs\[\*\]\.value = '192\.0\.2\.81'/);
    assert.equal(
      of("url").pattern,
      "[url:value = 'http://update.example.net/payload.bin'] AND [domain-name:value = 'update.example.net']",
    );
    assert.equal(
      of("network-connection").pattern,
      "[network-traffic:src_ref.value = '10.1.2.3' AND network-traffic:dst_ref.value = '203.0.113.200' AND network-traffic:dst_port = 443]",
    );
    // ip-port with no to_ids: observed-data holding a network-traffic to the address and port.
    const ipPort = of("ip-port");
    assert.equal(ipPort.type, "observed-data");
    const ids = byId(objects);
    const traffic = (ipPort.object_refs as string[])
      .map((id) => ids.get(id)!)
      .find((o) => o.type === "network-traffic")!;
    assert.equal(traffic.dst_port, 4444);
    assert.equal(ids.get(traffic.dst_ref as string)!.value, "198.51.100.99");
    // The ObjectReference becomes a relationship between the two converted objects.
    const rel = objects.find((o) => o.type === "relationship" && o.relationship_type === "communicates-with")!;
    assert.deepEqual([rel.source_ref, rel.target_ref], [of("file").id, of("domain-ip").id]);
  });

  it("makes galaxies into threat actors and ATT&CK attack patterns, and uses ATT&CK objects already stored", () => {
    const { objects } = mispEventToStix(load());
    const actor = objects.find((o) => o.type === "threat-actor" && o.name === "Guacamaya")!;
    assert.ok(actor, "Guacamaya threat-actor");
    assert.equal(actor.id, mispId("threat-actor", "51f056f5-b596-446e-9394-a310af4e2e75"));
    const indicates = objects.find((o) => o.type === "relationship" && o.target_ref === actor.id)!;
    assert.equal(indicates.relationship_type, "indicates");
    const technique = objects.find((o) => o.type === "attack-pattern")!;
    assert.equal(technique.name, "Spearphishing Attachment");
    assert.deepEqual(technique.external_references![0], {
      source_name: "mitre-attack",
      external_id: "T1566.001",
      url: "https://attack.mitre.org/techniques/T1566/001",
    });
    assert.deepEqual(technique.kill_chain_phases, [{ kill_chain_name: "mitre-attack", phase_name: "initial-access" }]);
    const stored = "attack-pattern--2e34237d-8574-43f6-aace-ae2915de8597";
    const linked = mispEventToStix(load(), { attackIds: new Map([["T1566.001", stored]]) }).objects;
    assert.equal(linked.filter((o) => o.type === "attack-pattern").length, 0);
    assert.ok((linked.find((o) => o.type === "report")!.object_refs as string[]).includes(stored));
    const report = objects.find((o) => o.type === "report")!;
    assert.deepEqual(report.x_misp_galaxies, [
      { galaxy: "sector", value: "Military", uuid: "75597b7f-54e8-4f14-88c9-e81485ece483" },
    ]);
  });

  it("maps TLP tags (1.0 and 2.0 names) to TLP 2.0 markings, the attribute's over the event's", () => {
    const { objects } = mispEventToStix(load());
    const ipSrc = objects.find((o) => o.x_misp_type === "ip-src")!;
    assert.deepEqual(ipSrc.object_marking_refs, [TLP_MARKING_IDS["amber+strict"]]);
    const report = objects.find((o) => o.type === "report")!;
    assert.deepEqual(report.object_marking_refs, [TLP_MARKING_IDS.green]);
    assert.deepEqual(report.labels, ['circl:incident-classification="data-leak"']);
    const markings = objects.filter((o) => o.type === "marking-definition").map((o) => o.id);
    assert.deepEqual(markings.sort(), [TLP_MARKING_IDS.green, TLP_MARKING_IDS["amber+strict"]].sort());
    for (const [tag, level] of [
      ["tlp:white", "clear"],
      ["TLP:CLEAR", "clear"],
      ['tlp:"amber"', "amber"],
      ["tlp:red", "red"],
    ] as const) {
      const event: MispEvent = { uuid: "7d2c9a5e-4b1f-4c3e-9f0a-1b2c3d4e5f60", Tag: [{ name: tag }], Attribute: [] };
      const r = mispEventToStix(event).objects.find((o) => o.type === "report")!;
      assert.deepEqual(r.object_marking_refs, [TLP_MARKING_IDS[level]], tag);
      assert.ok(validateObject(r).ok, "an event with nothing in it is still a valid report");
    }
    const chr = mispEventToStix({ uuid: "7d2c9a5e-4b1f-4c3e-9f0a-1b2c3d4e5f61", Tag: [{ name: "tlp:ex:chr" }] });
    const r = chr.objects.find((o) => o.type === "report")!;
    assert.equal(r.object_marking_refs, undefined);
    assert.deepEqual(r.labels, ["tlp:ex:chr"]);
  });

  it("is deterministic, reads PyMISP's typed JSON and the bare form, and makes a grouping of an unpublished event", () => {
    const first = JSON.stringify(mispEventToStix(load()).objects);
    assert.equal(JSON.stringify(mispEventToStix(load()).objects), first);
    const pymisp = {
      uuid: "0e4b3c2a-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
      info: "PyMISP",
      date: "2025-03-01",
      timestamp: 1740830400,
      published: false,
      Attribute: [
        {
          type: "ip-dst",
          value: "192.0.2.1",
          to_ids: true,
          uuid: "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
          timestamp: 1740830400,
        },
      ],
    };
    const [event] = eventsOf(pymisp);
    const { objects } = mispEventToStix(event!);
    const grouping = objects.find((o) => o.type === "grouping")!;
    assert.equal(grouping.context, "suspicious-activity");
    assert.equal(objects.find((o) => o.type === "indicator")!.valid_from, "2025-03-01T12:00:00.000Z");
    for (const o of objects) assert.ok(validateObject(o).ok, o.id);
  });

  it("says what is wrong with a document that is not a MISP event", () => {
    assert.throws(() => eventsOf([1, 2]), MispFormatError);
    assert.throws(() => eventsOf({ Event: { info: "x" } }), /has no "uuid"/);
    assert.throws(() => eventsOf({ Event: { uuid: "u", Attribute: {} } }), /"Attribute" is not a list/);
  });
});
