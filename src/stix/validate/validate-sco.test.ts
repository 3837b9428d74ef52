import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StixIssueCode } from "../errors.js";
import { computeScoId } from "../sco-id.js";
import { idOf, variant } from "./test-fixtures.js";
import { validateObject } from "./validate-object.js";

type Case = [string, unknown, StixIssueCode, string];

const EXT_DEF = idOf("extension-definition", 9);

const SCO_RULES: Case[] = [
  ["SCO with created", variant("url", { created: "2024-01-01T00:00:00.000Z" }), "STIX_FORBIDDEN_PROPERTY", "created"],
  [
    "SCO with modified",
    variant("url", { modified: "2024-01-01T00:00:00.000Z" }),
    "STIX_FORBIDDEN_PROPERTY",
    "modified",
  ],
  [
    "SCO with created_by_ref",
    variant("url", { created_by_ref: idOf("identity") }),
    "STIX_FORBIDDEN_PROPERTY",
    "created_by_ref",
  ],
  ["SCO with confidence", variant("url", { confidence: 50 }), "STIX_FORBIDDEN_PROPERTY", "confidence"],
  [
    "SCO with external_references",
    variant("url", { external_references: [{ source_name: "x", url: "y" }] }),
    "STIX_FORBIDDEN_PROPERTY",
    "external_references",
  ],
  ["SCO defanged string", variant("url", { defanged: "yes" }), "STIX_WRONG_JSON_TYPE", "defanged"],
  ["url no value", variant("url", { value: undefined }), "STIX_MISSING_PROPERTY", "value"],
  ["artifact neither payload nor url", variant("artifact", { payload_bin: undefined }), "STIX_CONSTRAINT", ""],
  ["artifact both", variant("artifact", { url: "https://x", hashes: { MD5: "a" } }), "STIX_CONSTRAINT", "url"],
  [
    "artifact url without hashes",
    variant("artifact", { payload_bin: undefined, url: "https://x" }),
    "STIX_CONSTRAINT",
    "url",
  ],
  ["artifact bad base64", variant("artifact", { payload_bin: "not base64!" }), "STIX_INVALID_VALUE", "payload_bin"],
  [
    "artifact encryption enum",
    variant("artifact", { encryption_algorithm: "rot13" }),
    "STIX_ENUM_VALUE",
    "encryption_algorithm",
  ],
  ["artifact key without algorithm", variant("artifact", { decryption_key: "k" }), "STIX_CONSTRAINT", "decryption_key"],
  ["AS number negative", variant("autonomous-system", { number: -5 }), "STIX_OUT_OF_RANGE", "number"],
  ["AS number string", variant("autonomous-system", { number: "AS1" }), "STIX_WRONG_JSON_TYPE", "number"],
  [
    "directory contains url",
    variant("directory", { contains_refs: [idOf("url")] }),
    "STIX_REF_TARGET",
    "contains_refs[0]",
  ],
  ["directory bad mtime", variant("directory", { mtime: "yesterday" }), "STIX_INVALID_TIMESTAMP", "mtime"],
  [
    "domain resolves to url",
    variant("domain-name", { resolves_to_refs: [idOf("url")] }),
    "STIX_REF_TARGET",
    "resolves_to_refs[0]",
  ],
  [
    "email-addr belongs to identity",
    variant("email-addr", { belongs_to_ref: idOf("identity") }),
    "STIX_REF_TARGET",
    "belongs_to_ref",
  ],
  [
    "email no is_multipart",
    variant("email-message", { is_multipart: undefined }),
    "STIX_MISSING_PROPERTY",
    "is_multipart",
  ],
  ["email body when multipart", variant("email-message", { is_multipart: true }), "STIX_CONSTRAINT", "body"],
  [
    "email body_multipart when not multipart",
    variant("email-message", { body: undefined, body_multipart: [{ body: "x" }] }),
    "STIX_CONSTRAINT",
    "body_multipart",
  ],
  ["email to_refs ipv4", variant("email-message", { to_refs: [idOf("ipv4-addr")] }), "STIX_REF_TARGET", "to_refs[0]"],
  [
    "email part raw ref url",
    variant("email-message", { is_multipart: true, body: undefined, body_multipart: [{ body_raw_ref: idOf("url") }] }),
    "STIX_REF_TARGET",
    "body_multipart[0].body_raw_ref",
  ],
  [
    "file neither hashes nor name",
    variant("file", { name: undefined, hashes: undefined, size: 3 }),
    "STIX_CONSTRAINT",
    "",
  ],
  ["file size negative", variant("file", { size: -1 }), "STIX_OUT_OF_RANGE", "size"],
  ["file magic odd hex", variant("file", { magic_number_hex: "ABC" }), "STIX_INVALID_VALUE", "magic_number_hex"],
  [
    "file parent is file",
    variant("file", { parent_directory_ref: idOf("file", 2) }),
    "STIX_REF_TARGET",
    "parent_directory_ref",
  ],
  ["file hashes empty", variant("file", { hashes: {} }), "STIX_EMPTY_DICTIONARY", "hashes"],
  ["file hash name open", variant("file", { hashes: { BLAKE3: "aa" } }), "STIX_VOCAB_VALUE", "hashes.BLAKE3"],
  ["file hash name illegal", variant("file", { hashes: { "M D5": "aa" } }), "STIX_INVALID_VALUE", "hashes"],
  [
    "file name_enc without name",
    variant("file", { name: undefined, name_enc: "utf-8" }),
    "STIX_CONSTRAINT",
    "name_enc",
  ],
  [
    "ipv4 resolves to domain",
    variant("ipv4-addr", { resolves_to_refs: [idOf("domain-name")] }),
    "STIX_REF_TARGET",
    "resolves_to_refs[0]",
  ],
  [
    "ipv6 belongs to identity",
    variant("ipv6-addr", { belongs_to_refs: [idOf("identity")] }),
    "STIX_REF_TARGET",
    "belongs_to_refs[0]",
  ],
  ["mutex no name", variant("mutex", { name: undefined }), "STIX_MISSING_PROPERTY", "name"],
  ["traffic no protocols", variant("network-traffic", { protocols: undefined }), "STIX_MISSING_PROPERTY", "protocols"],
  ["traffic no src or dst", variant("network-traffic", { src_ref: undefined }), "STIX_CONSTRAINT", ""],
  ["traffic port 70000", variant("network-traffic", { dst_port: 70000 }), "STIX_OUT_OF_RANGE", "dst_port"],
  ["traffic src_ref url", variant("network-traffic", { src_ref: idOf("url") }), "STIX_REF_TARGET", "src_ref"],
  [
    "traffic end before start",
    variant("network-traffic", { start: "2024-01-02T00:00:00Z", end: "2024-01-01T00:00:00Z" }),
    "STIX_TIMESTAMP_ORDER",
    "end",
  ],
  [
    "traffic active with end",
    variant("network-traffic", { is_active: true, end: "2024-01-01T00:00:00Z" }),
    "STIX_CONSTRAINT",
    "end",
  ],
  ["process empty", variant("process", { pid: undefined }), "STIX_CONSTRAINT", ""],
  ["process parent is file", variant("process", { parent_ref: idOf("file") }), "STIX_REF_TARGET", "parent_ref"],
  ["software no name", variant("software", { name: undefined }), "STIX_MISSING_PROPERTY", "name"],
  [
    "user-account type open",
    variant("user-account", { account_type: "mainframe" }),
    "STIX_VOCAB_VALUE",
    "account_type",
  ],
  [
    "user-account bool string",
    variant("user-account", { is_privileged: "true" }),
    "STIX_WRONG_JSON_TYPE",
    "is_privileged",
  ],
  [
    "registry datatype enum",
    variant("windows-registry-key", { values: [{ name: "a", data_type: "REG_STRING" }] }),
    "STIX_ENUM_VALUE",
    "values[0].data_type",
  ],
  [
    "registry subkeys negative",
    variant("windows-registry-key", { number_of_subkeys: -2 }),
    "STIX_OUT_OF_RANGE",
    "number_of_subkeys",
  ],
  [
    "x509 validity order",
    variant("x509-certificate", {
      validity_not_before: "2025-01-01T00:00:00Z",
      validity_not_after: "2024-01-01T00:00:00Z",
    }),
    "STIX_TIMESTAMP_ORDER",
    "validity_not_after",
  ],
  ["x509 empty", variant("x509-certificate", { serial_number: undefined }), "STIX_CONSTRAINT", ""],
  ["v4 id where v5 expected", variant("ipv4-addr", {}), "STIX_SCO_ID_MISMATCH", "id"],
];

const EXTENSIONS: Case[] = [
  [
    "archive-ext no contains_refs",
    variant("file", { extensions: { "archive-ext": { comment: "x" } } }),
    "STIX_MISSING_PROPERTY",
    "extensions.archive-ext.contains_refs",
  ],
  [
    "archive-ext contains url",
    variant("file", { extensions: { "archive-ext": { contains_refs: [idOf("url")] } } }),
    "STIX_REF_TARGET",
    "extensions.archive-ext.contains_refs[0]",
  ],
  [
    "ntfs-ext stream without name",
    variant("file", { extensions: { "ntfs-ext": { alternate_data_streams: [{ size: 1 }] } } }),
    "STIX_MISSING_PROPERTY",
    "extensions.ntfs-ext.alternate_data_streams[0].name",
  ],
  [
    "pebinary no pe_type",
    variant("file", { extensions: { "windows-pebinary-ext": { imphash: "x" } } }),
    "STIX_MISSING_PROPERTY",
    "extensions.windows-pebinary-ext.pe_type",
  ],
  [
    "pebinary pe_type open",
    variant("file", { extensions: { "windows-pebinary-ext": { pe_type: "elf" } } }),
    "STIX_VOCAB_VALUE",
    "extensions.windows-pebinary-ext.pe_type",
  ],
  [
    "tcp-ext on file",
    variant("file", { extensions: { "tcp-ext": { src_flags_hex: "02" } } }),
    "STIX_INVALID_EXTENSION",
    "extensions.tcp-ext",
  ],
  [
    "tcp-ext bad hex",
    variant("network-traffic", { extensions: { "tcp-ext": { src_flags_hex: "0x2" } } }),
    "STIX_INVALID_VALUE",
    "extensions.tcp-ext.src_flags_hex",
  ],
  [
    "http-request-ext no method",
    variant("network-traffic", { extensions: { "http-request-ext": { request_value: "/" } } }),
    "STIX_MISSING_PROPERTY",
    "extensions.http-request-ext.request_method",
  ],
  [
    "icmp-ext no code",
    variant("network-traffic", { extensions: { "icmp-ext": { icmp_type_hex: "08" } } }),
    "STIX_MISSING_PROPERTY",
    "extensions.icmp-ext.icmp_code_hex",
  ],
  [
    "socket-ext family enum",
    variant("network-traffic", { extensions: { "socket-ext": { address_family: "AF_X" } } }),
    "STIX_ENUM_VALUE",
    "extensions.socket-ext.address_family",
  ],
  [
    "socket-ext type enum",
    variant("network-traffic", { extensions: { "socket-ext": { address_family: "AF_INET", socket_type: "SOCK_X" } } }),
    "STIX_ENUM_VALUE",
    "extensions.socket-ext.socket_type",
  ],
  [
    "windows-process-ext integrity enum",
    variant("process", { extensions: { "windows-process-ext": { integrity_level: "root" } } }),
    "STIX_ENUM_VALUE",
    "extensions.windows-process-ext.integrity_level",
  ],
  [
    "windows-service-ext start enum",
    variant("process", { extensions: { "windows-service-ext": { start_type: "AUTO" } } }),
    "STIX_ENUM_VALUE",
    "extensions.windows-service-ext.start_type",
  ],
  [
    "windows-service-ext dll refs",
    variant("process", { extensions: { "windows-service-ext": { service_dll_refs: [idOf("url")] } } }),
    "STIX_REF_TARGET",
    "extensions.windows-service-ext.service_dll_refs[0]",
  ],
  [
    "unix-account-ext gid string",
    variant("user-account", { extensions: { "unix-account-ext": { gid: "100" } } }),
    "STIX_WRONG_JSON_TYPE",
    "extensions.unix-account-ext.gid",
  ],
  [
    "extension not an object",
    variant("file", { extensions: { "ntfs-ext": "x" } }),
    "STIX_WRONG_JSON_TYPE",
    "extensions.ntfs-ext",
  ],
  ["extensions not a dict", variant("file", { extensions: ["ntfs-ext"] }), "STIX_WRONG_JSON_TYPE", "extensions"],
  ["extensions empty", variant("file", { extensions: {} }), "STIX_EMPTY_DICTIONARY", "extensions"],
  [
    "extension key id of wrong type",
    variant("indicator", { extensions: { [idOf("indicator", 3)]: {} } }),
    "STIX_INVALID_EXTENSION",
    `extensions.${idOf("indicator", 3)}`,
  ],
  [
    "extension_type not in enum",
    variant("indicator", { extensions: { [EXT_DEF]: { extension_type: "plugin" } } }),
    "STIX_ENUM_VALUE",
    `extensions.${EXT_DEF}.extension_type`,
  ],
  [
    "2.0-style custom extension",
    variant("file", { extensions: { "x-acme-ext": { a: 1 } } }),
    "STIX_UNKNOWN_EXTENSION",
    "extensions.x-acme-ext",
  ],
];

function expectIssue(input: unknown, code: StixIssueCode, path: string): void {
  const r = validateObject(input);
  const all = [...r.errors, ...r.warnings];
  const hit = all.find((i) => i.code === code && i.path === path);
  assert.ok(hit, `expected ${code} at "${path}", got ${JSON.stringify(all.map((i) => [i.code, i.path]))}`);
  if (hit.severity === "error") assert.equal(r.ok, false);
}

for (const [title, table] of [
  ["SCO rules", SCO_RULES],
  ["extensions", EXTENSIONS],
] as const) {
  describe(`validateObject: ${title}`, () => {
    for (const [name, input, code, path] of table)
      it(`${name} → ${code} at "${path}"`, () => expectIssue(input, code, path));
  });
}

describe("validateObject: SCO identifiers", () => {
  it("fills in the deterministic id of an SCO without one", () => {
    const r = validateObject({ type: "ipv4-addr", value: "198.51.100.3" });
    assert.equal(r.ok, true);
    assert.equal(r.changed, true);
    // The example of STIX 2.1 §2.9.
    assert.equal(r.object?.id, "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
  });
  it("gives a v4 id to an SCO with no ID Contributing Property", () => {
    const r = validateObject({ type: "process", pid: 4 });
    assert.equal(r.changed, true);
    assert.match(r.object?.id ?? "", /^process--[0-9a-f]{8}-[0-9a-f]{4}-4/);
  });
  it("accepts the deterministic id silently", () => {
    const file = { type: "file", name: "a.exe", hashes: { "SHA-256": "ab", MD5: "cd" } };
    const r = validateObject({ ...file, id: computeScoId(file) });
    assert.deepEqual(r.warnings, []);
    assert.equal(r.changed, false);
  });
  it("accepts valid extensions of an extension-definition with a known extension_type", () => {
    const r = validateObject(
      variant("indicator", { extensions: { [EXT_DEF]: { extension_type: "property-extension", x: 1 } } }),
    );
    assert.deepEqual([...r.errors, ...r.warnings], []);
  });
});
