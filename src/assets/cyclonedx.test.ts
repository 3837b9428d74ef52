import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { setLocale } from "../i18n/index.js";
import { sharedData } from "../testing/index.js";
import { importCycloneDx } from "./cyclonedx.js";

/** Components in a document, nested ones included, counted without the importer. */
function countComponents(doc: { components?: { components?: unknown[] }[] }): number {
  let n = 0;
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const c of list) {
      n++;
      walk((c as { components?: unknown }).components);
    }
  };
  walk(doc.components);
  return n;
}

const FILES: Record<string, number> = {
  "cern-lhc-vdm-editor.bom.json": 43,
  "dropwizard-1.3.15.bom.json": 167,
  "laravel-7.12.0.bom.1.4.json": 62,
  "protonmail-webclient-v4.bom.json": 883,
  "juice-shop-v11.1.2.bom.json": 840,
};

test("the real SBOMs import every component, nested ones included, with its purl", (t) => {
  const dir = sharedData(t, "cyclonedx-sbom");
  if (!dir) return;
  for (const [file, expected] of Object.entries(FILES)) {
    const text: string = readFileSync(join(dir, file), "utf8");
    const r = importCycloneDx(text);
    assert.equal(countComponents(JSON.parse(text)), expected, file);
    assert.equal(r.componentsSeen, expected, file);
    assert.equal(
      r.software.length +
        r.problems.filter((p) => p.path.endsWith(".name") || p.message.includes("not an object")).length,
      expected,
      file,
    );
    const purls = (text.match(/"purl"\s*:/g) ?? []).length - (r.subject?.purl ? 1 : 0);
    assert.equal(r.software.filter((s) => s.purl).length, purls, `${file}: every purl kept`);
  }
});

test("laravel (1.4): subject, group/name, and the supplier fallback to author", (t) => {
  const dir = sharedData(t, "cyclonedx-sbom");
  if (!dir) return;
  const r = importCycloneDx(readFileSync(join(dir, "laravel-7.12.0.bom.1.4.json"), "utf8"));
  assert.equal(r.specVersion, "1.4");
  assert.equal(r.subject?.name, "cyclonedx-php-composer-demo");
  const cors = r.software.find((s) => s.purl === "pkg:composer/asm89/stack-cors@1.3.0");
  assert.equal(cors?.name, "asm89/stack-cors");
  assert.equal(cors?.version, "1.3.0");
  assert.equal(cors?.vendor, "Alexander");
  assert.equal(cors?.kind, "library");
});

const bom = (components: unknown[], specVersion = "1.6") =>
  JSON.stringify({ bomFormat: "CycloneDX", specVersion, version: 1, components });

test("CycloneDX 1.5/1.6 fields: supplier and manufacturer, CPE normalized, bad names reported", () => {
  const r = importCycloneDx(
    bom([
      {
        type: "firmware",
        name: "fw",
        version: "2.1",
        supplier: { name: "Hikvision" },
        cpe: "cpe:/o:hikvision:ds-2cd2032-i_firmware:5.4.0",
      },
      {
        type: "device",
        name: "cam",
        manufacturer: { name: "Dahua Technology" },
        cpe: "cpe:2.3:h:dahua:ipc:-:*:*:*:*:*:*:*",
        components: [{ name: "inner", purl: "pkg:npm/x@1" }],
      },
      { type: "library", name: "bad", purl: "npm/x", cpe: "cpe:2.3:a:micro*soft:x:1:*:*:*:*:*:*:*" },
      { type: "library" },
      42,
    ]),
  );
  assert.equal(r.componentsSeen, 6);
  assert.deepEqual(
    r.software.map((s) => [s.name, s.vendor, s.kind]),
    [
      ["fw", "Hikvision", "firmware"],
      ["cam", "Dahua Technology", "hardware"],
      ["inner", null, "application"],
      ["bad", null, "library"],
    ],
  );
  assert.equal(r.software[0]?.cpe, "cpe:2.3:o:hikvision:ds-2cd2032-i_firmware:5.4.0:*:*:*:*:*:*:*");
  assert.deepEqual(
    r.problems.map((p) => p.path),
    ["components[2].purl", "components[2].cpe", "components[3].name", "components[4]"],
  );
});

test("50,000 components import whole; a limit reports what it left out; deep nesting does not overflow", () => {
  const many = Array.from({ length: 50_000 }, (_, i) => ({
    type: "library",
    name: `p${i}`,
    version: "1.0.0",
    purl: `pkg:npm/p${i}@1.0.0`,
  }));
  const all = importCycloneDx(bom(many));
  assert.equal(all.software.length, 50_000);
  assert.deepEqual(all.problems, []);
  const capped = importCycloneDx(bom(many), { maxComponents: 10_000 });
  assert.equal(capped.software.length, 10_000);
  assert.equal(capped.problems[0]?.code, "CDX_TOO_MANY_COMPONENTS");
  assert.match(capped.problems[0]?.message ?? "", /40000 component/);
  const depth = 20_000;
  const deep = `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[${'{"name":"n","components":['.repeat(depth)}{"name":"leaf"}${"]}".repeat(depth)}]}`;
  assert.equal(importCycloneDx(deep).software.length, depth + 1);
});

test("documents that are not usable SBOMs give one clear problem", () => {
  const cases: [string, string][] = [
    ['{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [', "CDX_BAD_JSON"],
    ['{"bomFormat": "SPDX"}', "CDX_NOT_CYCLONEDX"],
    [bom([], "2.0"), "CDX_UNSUPPORTED_VERSION"],
    ["null", "CDX_NOT_CYCLONEDX"],
  ];
  for (const [text, code] of cases) {
    const r = importCycloneDx(text);
    assert.equal(r.problems[0]?.code, code, text);
    assert.equal(r.software.length, 0);
  }
  const bad = importCycloneDx('{\n  "bomFormat": "CycloneDX",\n  "specVersion": 1.6,,\n}');
  assert.equal(bad.problems[0]?.line, 3);
  // JSON of another kind (a KEV catalog) says it has no bomFormat, not "bomFormat is " and nothing.
  setLocale("en");
  assert.match(
    importCycloneDx('{"title": "CISA Catalog of Known Exploited Vulnerabilities", "vulnerabilities": []}').problems[0]
      ?.message ?? "",
    /^the JSON has no bomFormat, so it is not a CycloneDX SBOM; /,
  );
  assert.equal(importCycloneDx('{"bomFormat": "SPDX"}').problems[0]?.message, 'bomFormat is "SPDX"');
});

test("the CycloneDX 1.4 VEX documents of CISA's use cases read without problems", (t) => {
  const dir = sharedData(t, "cyclonedx-sbom/vex-cisa-use-cases");
  if (!dir) return;
  let documents = 0;
  for (const c of readdirSync(dir).filter((d) => d.startsWith("Case-"))) {
    for (const f of readdirSync(join(dir, c)).filter((x) => x.endsWith(".json"))) {
      const text: string = readFileSync(join(dir, c, f), "utf8");
      const r = importCycloneDx(text);
      assert.equal(r.specVersion, "1.4", `${c}/${f}`);
      assert.deepEqual(r.problems, [], `${c}/${f}`);
      assert.equal(r.componentsSeen, countComponents(JSON.parse(text)), `${c}/${f}`);
      documents++;
    }
  }
  assert.ok(documents >= 15);
});

test("a CycloneDX XML SBOM gives the same software as the same BOM in JSON", (t) => {
  const dir = sharedData(t, "cyclonedx-sbom");
  if (!dir) return;
  const xml = importCycloneDx(readFileSync(join(dir, "laravel-7.12.0.bom.1.4.xml"), "utf8"));
  const json = importCycloneDx(readFileSync(join(dir, "laravel-7.12.0.bom.1.4.json"), "utf8"));
  assert.deepEqual(xml.problems, json.problems);
  assert.equal(xml.specVersion, "1.4");
  assert.equal(xml.componentsSeen, 62);
  assert.deepEqual(xml.subject, json.subject);
  assert.equal(xml.timestamp, json.timestamp);
  assert.deepEqual(xml.software, json.software);
});

test("CycloneDX XML: nested components, prefixes, suppliers, and broken or foreign XML", () => {
  const ns = "http://cyclonedx.org/schema/bom/1.5";
  const doc = `<?xml version="1.0"?>
<c:bom xmlns:c="${ns}" xmlns="${ns}" serialNumber="urn:uuid:1" version="1">
  <metadata><timestamp>2024-05-01T00:00:00Z</timestamp>
    <component type="device"><name>PLC-7</name><supplier><name>Siemens</name></supplier></component></metadata>
  <components>
    <component type="firmware"><name>fw</name><version>2.1</version><cpe>cpe:2.3:o:siemens:fw:2.1:*:*:*:*:*:*:*</cpe>
      <components><component type="library"><group>org.x</group><name>lib</name><purl>pkg:maven/org.x/lib@1.0</purl></component></components>
    </component>
    <component type="library"><name/></component>
  </components>
</c:bom>`;
  const r = importCycloneDx(doc);
  assert.equal(r.specVersion, "1.5");
  assert.equal(r.serialNumber, "urn:uuid:1");
  assert.deepEqual(r.subject, { name: "PLC-7", version: null, purl: null, supplier: "Siemens", type: "device" });
  assert.equal(r.componentsSeen, 3);
  assert.deepEqual(
    r.software.map((s) => [s.name, s.version, s.kind, s.purl]),
    [
      ["fw", "2.1", "firmware", null],
      ["org.x/lib", null, "library", "pkg:maven/org.x/lib@1.0"],
    ],
  );
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]?.path ?? "", /name$/);

  const broken = importCycloneDx(`<bom xmlns="${ns}"><components><component></components></bom>`);
  assert.equal(broken.problems[0]?.code, "CDX_BAD_XML");
  assert.ok((broken.problems[0]?.line ?? 0) >= 1);
  const foreign = importCycloneDx(`<bom xmlns="http://example.org/other"><components/></bom>`);
  assert.equal(foreign.problems[0]?.code, "CDX_NOT_CYCLONEDX");
  assert.match(foreign.problems[0]?.message ?? "", /example\.org/);
  const old = importCycloneDx(`<bom xmlns="http://cyclonedx.org/schema/bom/1.1"><components/></bom>`);
  assert.equal(old.problems[0]?.code, "CDX_UNSUPPORTED_VERSION");
});
