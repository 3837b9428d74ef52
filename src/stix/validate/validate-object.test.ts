import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { localeFromEnv, setLocale } from "../../i18n/index.js";
import type { StixIssueCode } from "../errors.js";
import { tlpMarkingDefinition } from "../tlp.js";
import { TLP_LEVELS } from "../types.js";
import { idOf, VALID, variant } from "./test-fixtures.js";
import { validateObject } from "./validate-object.js";

/** [case name, input, expected code, expected path]. */
type Case = [string, unknown, StixIssueCode, string];

function expectIssue(input: unknown, code: StixIssueCode, path: string): void {
  const r = validateObject(input, { index: 7 });
  const all = [...r.errors, ...r.warnings];
  const hit = all.find((i) => i.code === code && i.path === path);
  assert.ok(hit, `expected ${code} at "${path}", got ${JSON.stringify(all.map((i) => [i.code, i.path]))}`);
  if (hit.severity === "error") assert.equal(r.ok, false);
  assert.ok(hit.message.length > 10 && (path === "" || hit.message.includes(path)), hit.message);
}

describe("validateObject: one valid object of every type", () => {
  for (const [type, obj] of Object.entries(VALID)) {
    it(`accepts a valid ${type}`, () => {
      const r = validateObject(obj);
      assert.deepEqual(r.errors, []);
      assert.equal(r.ok, true);
      assert.equal(r.object?.type, type);
    });
  }
});

const COMMON: Case[] = [
  ["not an object", [1, 2], "STIX_NOT_AN_OBJECT", ""],
  ["null", null, "STIX_NOT_AN_OBJECT", ""],
  ["missing type", { id: idOf("indicator") }, "STIX_MISSING_PROPERTY", "type"],
  ["bad type name", variant("indicator", { type: "Indicator!" }), "STIX_INVALID_TYPE_NAME", "type"],
  ["id prefix differs", variant("indicator", { id: idOf("malware") }), "STIX_ID_TYPE_MISMATCH", "id"],
  ["id not uuid", variant("indicator", { id: "indicator--1234" }), "STIX_INVALID_ID", "id"],
  ["id uppercase", variant("indicator", { id: idOf("indicator").toUpperCase() }), "STIX_INVALID_ID", "id"],
  ["missing id on SDO", variant("malware", { id: undefined }), "STIX_MISSING_PROPERTY", "id"],
  ["spec_version 2.2", variant("indicator", { spec_version: "2.2" }), "STIX_INVALID_SPEC_VERSION", "spec_version"],
  ["missing created", variant("tool", { created: undefined }), "STIX_MISSING_PROPERTY", "created"],
  ["missing modified", variant("tool", { modified: undefined }), "STIX_MISSING_PROPERTY", "modified"],
  ["created no Z", variant("tool", { created: "2024-03-01T10:00:00.000+01:00" }), "STIX_INVALID_TIMESTAMP", "created"],
  ["created date only", variant("tool", { created: "2024-03-01" }), "STIX_INVALID_TIMESTAMP", "created"],
  ["Feb 30", variant("tool", { created: "2024-02-30T00:00:00.000Z" }), "STIX_INVALID_TIMESTAMP", "created"],
  [
    "Feb 29 non-leap",
    variant("tool", { created: "2023-02-29T00:00:00.000Z", modified: "2023-03-01T00:00:00.000Z" }),
    "STIX_INVALID_TIMESTAMP",
    "created",
  ],
  ["hour 24", variant("tool", { modified: "2024-03-01T24:00:00.000Z" }), "STIX_INVALID_TIMESTAMP", "modified"],
  ["dot without digits", variant("tool", { modified: "2024-03-01T10:00:00.Z" }), "STIX_INVALID_TIMESTAMP", "modified"],
  ["timestamp as number", variant("tool", { modified: 1700000000 }), "STIX_WRONG_JSON_TYPE", "modified"],
  [
    "modified before created",
    variant("tool", { modified: "2024-02-01T00:00:00.000Z" }),
    "STIX_TIMESTAMP_ORDER",
    "modified",
  ],
  [
    "modified before created in fraction",
    variant("tool", { modified: "2024-03-01T09:59:59.9999Z" }),
    "STIX_TIMESTAMP_ORDER",
    "modified",
  ],
  [
    "created at second precision",
    variant("tool", { created: "2024-03-01T10:00:00Z" }),
    "STIX_TIMESTAMP_PRECISION",
    "created",
  ],
  [
    "modified at 1 digit",
    variant("tool", { modified: "2024-03-01T10:00:00.1Z" }),
    "STIX_TIMESTAMP_PRECISION",
    "modified",
  ],
  ["confidence 101", variant("tool", { confidence: 101 }), "STIX_OUT_OF_RANGE", "confidence"],
  ["confidence -1", variant("tool", { confidence: -1 }), "STIX_OUT_OF_RANGE", "confidence"],
  ["confidence 50.5", variant("tool", { confidence: 50.5 }), "STIX_WRONG_JSON_TYPE", "confidence"],
  ["confidence string", variant("tool", { confidence: "high" }), "STIX_WRONG_JSON_TYPE", "confidence"],
  ["revoked string", variant("tool", { revoked: "false" }), "STIX_WRONG_JSON_TYPE", "revoked"],
  ["labels empty", variant("tool", { labels: [] }), "STIX_EMPTY_LIST", "labels"],
  ["labels not list", variant("tool", { labels: "x" }), "STIX_WRONG_JSON_TYPE", "labels"],
  ["label not string", variant("tool", { labels: ["a", 3] }), "STIX_WRONG_JSON_TYPE", "labels[1]"],
  [
    "created_by_ref to malware",
    variant("tool", { created_by_ref: idOf("malware") }),
    "STIX_REF_TARGET",
    "created_by_ref",
  ],
  ["created_by_ref malformed", variant("tool", { created_by_ref: "identity--x" }), "STIX_INVALID_ID", "created_by_ref"],
  [
    "marking ref to identity",
    variant("tool", { object_marking_refs: [idOf("identity")] }),
    "STIX_REF_TARGET",
    "object_marking_refs[0]",
  ],
  [
    "external ref without source_name",
    variant("tool", { external_references: [{ source_name: "a", url: "u" }, { url: "x" }] }),
    "STIX_MISSING_PROPERTY",
    "external_references[1].source_name",
  ],
  [
    "external ref bad hashes",
    variant("tool", { external_references: [{ source_name: "a", hashes: { "SHA-256": 5 } }] }),
    "STIX_WRONG_JSON_TYPE",
    "external_references[0].hashes.SHA-256",
  ],
  [
    "external ref url not string",
    variant("tool", { external_references: [{ source_name: "a", url: 5 }] }),
    "STIX_WRONG_JSON_TYPE",
    "external_references[0].url",
  ],
  [
    "granular marking no selectors",
    variant("tool", { granular_markings: [{ marking_ref: idOf("marking-definition") }] }),
    "STIX_MISSING_PROPERTY",
    "granular_markings[0].selectors",
  ],
  [
    "granular marking unknown field",
    variant("tool", { granular_markings: [{ selectors: ["name"], foo: 1 }] }),
    "STIX_FORBIDDEN_PROPERTY",
    "granular_markings[0].foo",
  ],
  ["defanged on SDO", variant("tool", { defanged: true }), "STIX_FORBIDDEN_PROPERTY", "defanged"],
  ["custom property uppercase", variant("tool", { x_Foo: 1 }), "STIX_CUSTOM_PROPERTY_NAME", "x_Foo"],
  ["custom property too short", variant("tool", { xy: 1 }), "STIX_CUSTOM_PROPERTY_NAME", "xy"],
  ["custom property hyphen", variant("tool", { "x-foo": 1 }), "STIX_CUSTOM_PROPERTY_NAME", "x-foo"],
  ["custom _ref not an id", variant("tool", { x_acme_owner_ref: "" }), "STIX_CUSTOM_REF_VALUE", "x_acme_owner_ref"],
  [
    "custom _refs item not an id",
    variant("tool", { x_acme_refs: [idOf("tool"), 5] }),
    "STIX_CUSTOM_REF_VALUE",
    "x_acme_refs[1]",
  ],
  ["lang not string", variant("tool", { lang: 1 }), "STIX_WRONG_JSON_TYPE", "lang"],
];

const SDO_RULES: Case[] = [
  ["indicator no pattern", variant("indicator", { pattern: undefined }), "STIX_MISSING_PROPERTY", "pattern"],
  [
    "indicator no pattern_type",
    variant("indicator", { pattern_type: undefined }),
    "STIX_MISSING_PROPERTY",
    "pattern_type",
  ],
  ["indicator no valid_from", variant("indicator", { valid_from: undefined }), "STIX_MISSING_PROPERTY", "valid_from"],
  ["indicator pattern_type open", variant("indicator", { pattern_type: "kql" }), "STIX_VOCAB_VALUE", "pattern_type"],
  ["indicator type open", variant("indicator", { indicator_types: ["bad"] }), "STIX_VOCAB_VALUE", "indicator_types[0]"],
  [
    "valid_until == valid_from",
    variant("indicator", { valid_until: "2024-01-01T00:00:00.000Z" }),
    "STIX_TIMESTAMP_ORDER",
    "valid_until",
  ],
  [
    "valid_until before",
    variant("indicator", { valid_until: "2023-01-01T00:00:00Z" }),
    "STIX_TIMESTAMP_ORDER",
    "valid_until",
  ],
  [
    "indicator kill chain no phase",
    variant("indicator", { kill_chain_phases: [{ kill_chain_name: "x" }] }),
    "STIX_MISSING_PROPERTY",
    "kill_chain_phases[0].phase_name",
  ],
  [
    "kill chain phases empty",
    variant("attack-pattern", { kill_chain_phases: [] }),
    "STIX_EMPTY_LIST",
    "kill_chain_phases",
  ],
  ["attack-pattern no name", variant("attack-pattern", { name: undefined }), "STIX_MISSING_PROPERTY", "name"],
  [
    "campaign last before first",
    variant("campaign", { last_seen: "2023-12-31T23:59:59Z" }),
    "STIX_TIMESTAMP_ORDER",
    "last_seen",
  ],
  ["grouping no context", variant("grouping", { context: undefined }), "STIX_MISSING_PROPERTY", "context"],
  ["grouping object_refs empty", variant("grouping", { object_refs: [] }), "STIX_EMPTY_LIST", "object_refs"],
  ["identity class open", variant("identity", { identity_class: "team" }), "STIX_VOCAB_VALUE", "identity_class"],
  ["identity sector open", variant("identity", { sectors: ["banking"] }), "STIX_VOCAB_VALUE", "sectors[0]"],
  [
    "infrastructure order",
    variant("infrastructure", { first_seen: "2024-02-01T00:00:00Z", last_seen: "2024-01-01T00:00:00Z" }),
    "STIX_TIMESTAMP_ORDER",
    "last_seen",
  ],
  [
    "intrusion-set motivation open",
    variant("intrusion-set", { primary_motivation: "money" }),
    "STIX_VOCAB_VALUE",
    "primary_motivation",
  ],
  ["location latitude 91", variant("location", { latitude: 91 }), "STIX_OUT_OF_RANGE", "latitude"],
  ["location longitude -181", variant("location", { longitude: -181 }), "STIX_OUT_OF_RANGE", "longitude"],
  ["location latitude without longitude", variant("location", { longitude: undefined }), "STIX_CONSTRAINT", "latitude"],
  [
    "location nothing",
    variant("location", { country: undefined, latitude: undefined, longitude: undefined, city: "x" }),
    "STIX_CONSTRAINT",
    "",
  ],
  [
    "location precision alone",
    variant("location", { latitude: undefined, longitude: undefined, precision: 10 }),
    "STIX_CONSTRAINT",
    "precision",
  ],
  ["malware no is_family", variant("malware", { is_family: undefined }), "STIX_MISSING_PROPERTY", "is_family"],
  ["malware family without name", variant("malware", { name: undefined }), "STIX_MISSING_PROPERTY", "name"],
  ["malware is_family string", variant("malware", { is_family: "yes" }), "STIX_WRONG_JSON_TYPE", "is_family"],
  [
    "malware sample_refs to url",
    variant("malware", { sample_refs: [idOf("url")] }),
    "STIX_REF_TARGET",
    "sample_refs[0]",
  ],
  [
    "malware os refs to tool",
    variant("malware", { operating_system_refs: [idOf("tool")] }),
    "STIX_REF_TARGET",
    "operating_system_refs[0]",
  ],
  [
    "malware capability open",
    variant("malware", { capabilities: ["eats-cpu"] }),
    "STIX_VOCAB_VALUE",
    "capabilities[0]",
  ],
  ["malware-analysis neither result", variant("malware-analysis", { result: undefined }), "STIX_CONSTRAINT", ""],
  [
    "malware-analysis sco refs to sdo",
    variant("malware-analysis", { analysis_sco_refs: [idOf("malware")] }),
    "STIX_REF_TARGET",
    "analysis_sco_refs[0]",
  ],
  ["note no content", variant("note", { content: undefined }), "STIX_MISSING_PROPERTY", "content"],
  ["observed-data number 0", variant("observed-data", { number_observed: 0 }), "STIX_OUT_OF_RANGE", "number_observed"],
  [
    "observed-data number too big",
    variant("observed-data", { number_observed: 1_000_000_000 }),
    "STIX_OUT_OF_RANGE",
    "number_observed",
  ],
  [
    "observed-data last before first",
    variant("observed-data", { last_observed: "2023-01-01T00:00:00Z" }),
    "STIX_TIMESTAMP_ORDER",
    "last_observed",
  ],
  [
    "observed-data refs to SDO",
    variant("observed-data", { object_refs: [idOf("malware")] }),
    "STIX_REF_TARGET",
    "object_refs[0]",
  ],
  ["observed-data neither", variant("observed-data", { object_refs: undefined }), "STIX_CONSTRAINT", ""],
  [
    "observed-data both",
    variant("observed-data", { objects: { "0": { type: "ipv4-addr", value: "1.2.3.4" } } }),
    "STIX_CONSTRAINT",
    "object_refs",
  ],
  [
    "observed-data objects deprecated",
    variant("observed-data", { object_refs: undefined, objects: { "0": { type: "ipv4-addr", value: "1.2.3.4" } } }),
    "STIX_DEPRECATED",
    "objects",
  ],
  [
    "observed-data objects entry bad",
    variant("observed-data", { object_refs: undefined, objects: { "0": 5 } }),
    "STIX_WRONG_JSON_TYPE",
    "objects.0",
  ],
  ["opinion closed enum", variant("opinion", { opinion: "maybe" }), "STIX_ENUM_VALUE", "opinion"],
  ["report no published", variant("report", { published: undefined }), "STIX_MISSING_PROPERTY", "published"],
  ["report type open", variant("report", { report_types: ["weekly"] }), "STIX_VOCAB_VALUE", "report_types[0]"],
  [
    "threat-actor sophistication open",
    variant("threat-actor", { sophistication: "elite" }),
    "STIX_VOCAB_VALUE",
    "sophistication",
  ],
  ["threat-actor role open", variant("threat-actor", { roles: ["boss"] }), "STIX_VOCAB_VALUE", "roles[0]"],
  ["tool type open", variant("tool", { tool_types: ["hammer"] }), "STIX_VOCAB_VALUE", "tool_types[0]"],
  ["vulnerability no name", variant("vulnerability", { name: undefined }), "STIX_MISSING_PROPERTY", "name"],
  [
    "relationship no type",
    variant("relationship", { relationship_type: undefined }),
    "STIX_MISSING_PROPERTY",
    "relationship_type",
  ],
  [
    "relationship source marking",
    variant("relationship", { source_ref: idOf("marking-definition") }),
    "STIX_REF_TARGET",
    "source_ref",
  ],
  [
    "relationship target SRO",
    variant("relationship", { target_ref: idOf("sighting") }),
    "STIX_REF_TARGET",
    "target_ref",
  ],
  [
    "relationship stop == start",
    variant("relationship", { start_time: "2024-01-01T00:00:00Z", stop_time: "2024-01-01T00:00:00Z" }),
    "STIX_TIMESTAMP_ORDER",
    "stop_time",
  ],
  [
    "sighting of SCO",
    variant("sighting", { sighting_of_ref: idOf("ipv4-addr") }),
    "STIX_REF_TARGET",
    "sighting_of_ref",
  ],
  [
    "sighting where_sighted malware",
    variant("sighting", { where_sighted_refs: [idOf("malware")] }),
    "STIX_REF_TARGET",
    "where_sighted_refs[0]",
  ],
  [
    "sighting observed_data_refs indicator",
    variant("sighting", { observed_data_refs: [idOf("indicator")] }),
    "STIX_REF_TARGET",
    "observed_data_refs[0]",
  ],
  ["sighting count negative", variant("sighting", { count: -1 }), "STIX_OUT_OF_RANGE", "count"],
  ["sighting summary string", variant("sighting", { summary: "no" }), "STIX_WRONG_JSON_TYPE", "summary"],
  [
    "sighting last before first",
    variant("sighting", { first_seen: "2024-02-01T00:00:00Z", last_seen: "2024-01-01T00:00:00Z" }),
    "STIX_TIMESTAMP_ORDER",
    "last_seen",
  ],
];

const META: Case[] = [
  [
    "marking with modified",
    variant("marking-definition", { modified: "2024-03-01T10:00:00.000Z" }),
    "STIX_FORBIDDEN_PROPERTY",
    "modified",
  ],
  ["marking with labels", variant("marking-definition", { labels: ["x"] }), "STIX_FORBIDDEN_PROPERTY", "labels"],
  [
    "marking statement missing",
    variant("marking-definition", { definition: { other: "x" } }),
    "STIX_MISSING_PROPERTY",
    "definition.statement",
  ],
  [
    "marking tlp bad level",
    variant("marking-definition", { definition_type: "tlp", definition: { tlp: "pink" } }),
    "STIX_ENUM_VALUE",
    "definition.tlp",
  ],
  [
    "marking definition without type",
    variant("marking-definition", { definition_type: undefined }),
    "STIX_CONSTRAINT",
    "definition",
  ],
  [
    "language-content no contents",
    variant("language-content", { contents: undefined }),
    "STIX_MISSING_PROPERTY",
    "contents",
  ],
  ["language-content lang", variant("language-content", { lang: "en" }), "STIX_FORBIDDEN_PROPERTY", "lang"],
  [
    "extension-definition bad type",
    variant("extension-definition", { extension_types: ["new-thing"] }),
    "STIX_ENUM_VALUE",
    "extension_types[0]",
  ],
  [
    "extension-definition no creator",
    variant("extension-definition", { created_by_ref: undefined }),
    "STIX_MISSING_PROPERTY",
    "created_by_ref",
  ],
  [
    "extension-definition no schema",
    variant("extension-definition", { schema: undefined }),
    "STIX_MISSING_PROPERTY",
    "schema",
  ],
  [
    "extension-definition with extensions",
    variant("extension-definition", { extensions: { [idOf("extension-definition", 2)]: {} } }),
    "STIX_FORBIDDEN_PROPERTY",
    "extensions",
  ],
];

for (const [title, table] of [
  ["common properties", COMMON],
  ["SDO and SRO rules", SDO_RULES],
  ["meta objects", META],
] as const) {
  describe(`validateObject: ${title}`, () => {
    for (const [name, input, code, path] of table) {
      it(`${name} → ${code} at "${path}"`, () => expectIssue(input, code, path));
    }
  });
}

describe("validateObject: messages", () => {
  before(() => setLocale("en"));
  after(() => setLocale(localeFromEnv()));
  it("names the object by id, the path and the reason", () => {
    const r = validateObject(variant("indicator", { valid_until: "2023-01-01T00:00:00Z" }));
    assert.equal(
      r.errors[0]?.message,
      `${idOf("indicator")} valid_until: must be later than valid_from (2024-01-01T00:00:00Z)`,
    );
    assert.equal(r.errors[0]?.objectType, "indicator");
  });
  it('names an object without id "object #N"', () => {
    const r = validateObject(variant("tool", { id: undefined }), { index: 41 });
    assert.match(r.errors[0]?.message ?? "", /^object #41 id: is required/);
    assert.equal(r.errors[0]?.objectId, null);
  });
  it("speaks the reader's language: Spanish by default", () => {
    setLocale("es-MX");
    try {
      const late = validateObject(variant("indicator", { valid_until: "2023-01-01T00:00:00Z" }));
      assert.equal(
        late.errors[0]?.message,
        `${idOf("indicator")} valid_until: debe ser posterior a valid_from (2024-01-01T00:00:00Z)`,
      );
      const unnamed = validateObject(variant("tool", { id: undefined }), { index: 41 });
      assert.match(unnamed.errors[0]?.message ?? "", /^objeto #41 id: es obligatoria/);
      const ref = validateObject(variant("indicator", { created_by_ref: idOf("tool") }));
      assert.match(ref.errors[0]?.message ?? "", /created_by_ref: debe referirse a identity, no a tool$/);
    } finally {
      setLocale("en");
    }
  });
  it("accepts a custom object type such as ATT&CK's x-mitre-tactic", () => {
    const r = validateObject({
      ...variant("tool", {}),
      type: "x-mitre-tactic",
      id: idOf("x-mitre-tactic"),
      x_mitre_shortname: "t",
    });
    assert.equal(r.ok, true);
  });
  it("does not allocate a changed object for valid input", () => {
    const input = VALID.indicator;
    const r = validateObject(input);
    assert.equal(r.changed, false);
    assert.equal(r.object, input);
  });
});

describe("validateObject: the TLP 2.0 marking definitions of tlp.ts", () => {
  for (const level of TLP_LEVELS) {
    it(`accepts TLP:${level.toUpperCase()} with no issue`, () => {
      const r = validateObject(tlpMarkingDefinition(level));
      assert.deepEqual([...r.errors, ...r.warnings], []);
    });
  }
});
