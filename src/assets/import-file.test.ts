import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { it } from "node:test";
import { sharedData } from "../testing/index.js";
import { detectInventoryFormat, readInventoryFile } from "./import-file.js";

it("tells the format from the content, whatever the name", () => {
  assert.equal(detectInventoryFormat('\uFEFF  <?xml version="1.0"?><nmaprun>'), "nmap");
  assert.equal(detectInventoryFormat('\n\t{"bomFormat":"CycloneDX"}'), "cyclonedx");
  assert.equal(detectInventoryFormat("name,ip\nx,10.0.0.1\n"), "csv");
  assert.equal(detectInventoryFormat(""), "csv");
  assert.equal(
    detectInventoryFormat('<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">'),
    "cyclonedx",
  );
  assert.equal(detectInventoryFormat('<?xml version="1.0"?><STIX_Package xmlns="x"/>'), "nmap");
});

it("reads a real CycloneDX XML SBOM as the asset its JSON twin gives", async (t) => {
  const dir = sharedData(t, "cyclonedx-sbom");
  if (!dir) return;
  const xml = readInventoryFile(await readFile(join(dir, "laravel-7.12.0.bom.1.4.xml"), "utf8"), { input: "b.xml" });
  const json = readInventoryFile(await readFile(join(dir, "laravel-7.12.0.bom.1.4.json"), "utf8"), { input: "b.xml" });
  assert.equal(xml.format, "cyclonedx");
  assert.equal(xml.seen, 62);
  assert.deepEqual(xml.assets, json.assets);
  const foreign = readInventoryFile('<?xml version="1.0"?><stix:STIX_Package xmlns:stix="x"/>', { input: "s.xml" });
  assert.equal(foreign.problems[0]?.code, "NMAP_NOT_NMAP");
  assert.match(foreign.problems[0]?.message ?? "", /<stix:STIX_Package>/);
});

it("reads a real SBOM as one asset named by its subject or by the caller", async (t) => {
  const path = sharedData(t, "cyclonedx-sbom/dropwizard-1.3.15.bom.json");
  if (!path) return;
  const text = await readFile(path, "utf8");
  const own = readInventoryFile(text, { input: "dropwizard.json" });
  const named = readInventoryFile(text, { input: "dropwizard.json", assetName: "api-server" });
  assert.equal(named.format, "cyclonedx");
  assert.equal(named.assets.length, 1);
  assert.equal(named.assets[0]?.key, "name:api-server");
  assert.equal(named.assets[0]?.provenance.source, "cyclonedx");
  assert.ok((named.assets[0]?.software.length ?? 0) > 10);
  assert.equal(own.assets[0]?.name, "dropwizard-parent");
  assert.equal(own.assets[0]?.key, "name:dropwizard-parent");
});

it("reports an SBOM without a subject, damaged JSON and a document of another kind, and imports nothing", () => {
  const bare = readInventoryFile('{"bomFormat":"CycloneDX","specVersion":"1.4","components":[]}', { input: "x" });
  assert.deepEqual(bare.assets, []);
  assert.equal(bare.problems.at(-1)?.path, "metadata.component.name");
  const damaged = readInventoryFile('{"bomFormat":"CycloneDX",\n"specVersion": 1.4,,}', { input: "x" });
  assert.equal(damaged.problems[0]?.code, "CDX_BAD_JSON");
  assert.equal(damaged.problems[0]?.line, 2);
  const other = readInventoryFile('{"type":"bundle","objects":[]}', { input: "x", assetName: "a" });
  assert.deepEqual([other.assets.length, other.problems[0]?.code], [0, "CDX_NOT_CYCLONEDX"]);
});

it("reads a truncated real Nmap file up to the damage", async (t) => {
  const dir = sharedData(t, "nmap-xml");
  if (!dir) return;
  const text = await readFile(join(dir, "1_os_banner_scripts.xml"), "utf8");
  const cut = readInventoryFile(text.slice(0, Math.floor(text.length / 2)), {
    input: "cut.xml",
    internetExposed: true,
  });
  assert.equal(cut.format, "nmap");
  assert.ok(cut.problems.some((p) => p.code === "NMAP_MALFORMED"));
  assert.ok(cut.assets.every((a) => a.internetExposed));
});
