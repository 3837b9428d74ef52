import assert from "node:assert/strict";
import { createReadStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, it } from "node:test";
import { setLocale } from "../../i18n/index.js";
import { checkPattern } from "../../pattern/index.js";
import { sharedData } from "../../testing/index.js";
import {
  BUILT_IN_MAPPINGS,
  classify,
  type ListEntry,
  ListFormatError,
  type ListMapping,
  ListMappingError,
  type ListReadState,
  type ListRejection,
  loadMapping,
  patternOf,
  readList,
} from "./index.js";

// The reasons asserted below are the English ones.
setLocale("en");

async function* linesOfText(text: string): AsyncGenerator<string> {
  yield* text.split("\n");
}

async function readAll(lines: AsyncIterable<string>, mapping: ListMapping) {
  const state: ListReadState = { listedAt: null, lines: 0, comments: 0 };
  const entries: ListEntry[] = [];
  const rejected: ListRejection[] = [];
  for await (const item of readList(lines, mapping, state)) {
    if ("reason" in item) rejected.push(item);
    else entries.push(item);
  }
  return { state, entries, rejected };
}

describe("IOC list values by shape", () => {
  it("tells addresses, networks, ports, domains, URLs, hashes and e-mail apart, refanged", () => {
    const cases: Array<[string, string, string]> = [
      ["203.0.113.7", "ipv4", "203.0.113.7"],
      ["2001:DB8::1", "ipv6", "2001:db8::1"],
      ["10.0.0.0/8", "ipv4-cidr", "10.0.0.0/8"],
      ["2001:db8::/32", "ipv6-cidr", "2001:db8::/32"],
      ["51.210.1.239:8443", "ipv4-port", "51.210.1.239:8443"],
      ["[2a12:bec4:1460:50::2]:3478", "ipv6-port", "[2a12:bec4:1460:50::2]:3478"],
      ["Evil.Example.COM.", "domain", "evil.example.com"],
      ["evil[.]example[.]mx", "domain", "evil.example.mx"],
      [".onion", "domain-suffix", ".onion"],
      ["hxxp://Evil.Example.com:80/a?b=1", "url", "http://evil.example.com/a?b=1"],
      ["kunze-immobilien.de/content/x.gif", "url", "http://kunze-immobilien.de/content/x.gif"],
      ["/the100_hack.user.js", "url-path", "/the100_hack.user.js"],
      ["D41D8CD98F00B204E9800998ECF8427E", "md5", "d41d8cd98f00b204e9800998ecf8427e"],
      ["da39a3ee5e6b4b0d3255bfef95601890afd80709", "sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"],
      [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "sha256",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      ],
      ["phish[@]example.com", "email", "phish@example.com"],
    ];
    for (const [raw, type, value] of cases) assert.deepEqual(classify(raw), { type, value }, raw);
  });

  it("refuses what is none of them, and a type the list declares that the value does not have", () => {
    for (const raw of ["999.1.2.3", "10.0.0.0/33", "1.2.3.4:70000", "not a value", "", "support¬forum.org"]) {
      assert.ok("error" in classify(raw), raw);
    }
    const wrong = classify("evil.example.com", "ipv4");
    assert.ok("error" in wrong && /says ipv4.*shape of domain/.test(wrong.error));
  });

  it("every kind's pattern is a valid STIX pattern, with quotes and backslashes escaped", () => {
    const values: Array<[Parameters<typeof patternOf>[0], string]> = [
      ["ipv4", "1.2.3.4"],
      ["ipv6-cidr", "2001:db8::/32"],
      ["ipv4-port", "1.2.3.4:443"],
      ["ipv6-port", "[2001:db8::1]:53"],
      ["domain", "o'brien.example.com"],
      ["url", "http://x.example/a'b\\c"],
      ["url-path", "/a_b%c"],
      ["sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"],
      ["email", "a@example.com"],
      ["regex", "seek[0-9]+\\.(mootseek|zootseek)\\.com"],
      ["regex", "^[a-z]{3}\\.top$"],
      ["domain-suffix", ".onion"],
    ];
    for (const [type, value] of values) {
      const pattern = patternOf(type, value);
      const check = checkPattern(pattern);
      assert.ok(check.valid, `${pattern}: ${JSON.stringify(check.errors)}`);
    }
    assert.equal(patternOf("regex", "seek[0-9]+\\.com"), "[domain-name:value MATCHES '^(?:seek[0-9]+\\\\.com)$']");
    assert.equal(patternOf("ipv6-port", "[2001:db8::1]:53").includes("'2001:db8::1'"), true);
  });
});

describe("reading IOC lists", () => {
  it("text: comments, inline comments, the header's date and one rejection per bad line, the rest kept", async () => {
    const text =
      "# Last update: Sat, 22 Aug 2026 03:00:29 +0200\n203.0.113.7\t3\nbad line here\n\nevil.example.com # seen in phishing\n999.1.1.1\n";
    const { state, entries, rejected } = await readAll(linesOfText(text), BUILT_IN_MAPPINGS.ipsum as ListMapping);
    assert.equal(state.listedAt, "2026-08-22T01:00:29.000Z");
    assert.deepEqual(
      entries.map((e) => [e.line, e.type, e.value, e.confidence]),
      [
        [2, "ipv4", "203.0.113.7", 50],
        [5, "domain", "evil.example.com", 20],
      ],
    );
    assert.deepEqual(
      rejected.map((r) => r.line),
      [3, 6],
    );
    assert.match(rejected[0]?.reason ?? "", /"bad": not an IP address/);
  });

  it("hostile lines: binary garbage, a 1 MB line, a quote that never closes — each one rejection, the rest kept", async () => {
    const csv = `value\n\u0000\u0001\u00ff\n${"a".repeat(1 << 20)}\n"evil.example.com\n203.0.113.8\n`;
    const { entries, rejected } = await readAll(linesOfText(csv), {
      name: "c",
      title: "c",
      format: "csv",
      value: "value",
    });
    assert.deepEqual(
      entries.map((e) => e.value),
      ["203.0.113.8"],
    );
    assert.deepEqual(
      rejected.map((r) => r.line),
      [2, 3, 4],
    );
    assert.match(rejected[1]?.reason ?? "", /longer than 65536 characters/);
    assert.ok((rejected[1]?.text.length ?? 0) < 100, "a rejected line is not echoed whole");
  });

  it("CSV by header names; a column the header lacks is an error naming the columns it has", async () => {
    const mapping: ListMapping = {
      name: "c",
      title: "c",
      format: "csv",
      value: "ioc",
      firstSeen: "first_seen",
      tags: ["family"],
      confidence: { column: "family", values: { emotet: 90 }, otherwise: 40 },
    };
    const csv =
      'ioc,first_seen,family\n"evil.example.com",2026-01-02,emotet\n198.51.100.9,,other\nx.example.org,yesterday,emotet\n';
    const { entries, rejected } = await readAll(linesOfText(csv), mapping);
    assert.deepEqual(
      entries.map((e) => [e.value, e.firstSeen, e.labels, e.confidence]),
      [
        ["evil.example.com", "2026-01-02T00:00:00.000Z", ["emotet"], 90],
        ["198.51.100.9", undefined, ["other"], 40],
      ],
    );
    assert.match(rejected[0]?.reason ?? "", /first seen "yesterday" is not a date/);
    await assert.rejects(
      readAll(linesOfText("value,kind\n1.2.3.4,ip\n"), mapping),
      (e: unknown) => e instanceof ListFormatError && /no column "ioc" \(it names: value, kind\)/.test(e.message),
    );
  });

  it("a mapping file is checked: an unknown key or type is named", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-mapping-"));
    try {
      const file = join(dir, "m.json");
      await writeFile(
        file,
        JSON.stringify({ name: "x", format: "csv", valeu: "ioc", type: { column: "t", values: { a: "ip" } } }),
      );
      await assert.rejects(
        loadMapping(file),
        (e: unknown) =>
          e instanceof ListMappingError && /unknown key "valeu"/.test(e.message) && /type\.values\.a/.test(e.message),
      );
      await writeFile(file, "{not json");
      await assert.rejects(loadMapping(file), /not JSON/);
      await assert.rejects(loadMapping(join(dir, "nope.json")), /no built-in mapping .*ipsum/);
      await writeFile(file, JSON.stringify({ name: "mine", format: "text", lifetimes: { ip: "7d" } }));
      assert.deepEqual((await loadMapping(file)).lifetimes, { ip: "7d" });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the real lists read completely: every line a value, a repeat or a rejection with its reason", () => {
  const real: Array<[string, string, { values: number; rejected: number }]> = [
    ["ipsum/ipsum.txt", "ipsum", { values: 120_430, rejected: 0 }],
    // SOURCE.md counts 19,862 lines with `wc -l`; the last line has no newline of its own.
    ["abusech-threatfox/threatfox-ioc-ips.txt", "threatfox", { values: 19_863, rejected: 0 }],
    ["abusech-urlhaus/urlhaus-filter-domains.txt", "urlhaus-domains", { values: 25_768, rejected: 0 }],
    ["abusech-urlhaus/urlhaus-filter-splunk-online.csv", "urlhaus", { values: 6_363, rejected: 0 }],
    // 118,141 entries: refused are the 4 the source itself types "other", 3 hosts with no TLD
    // ("user73223.7ci"), a port over 65535 and a 40-character "domain" label run into a hash.
    ["maltrail/indicators.csv", "maltrail", { values: 118_132, rejected: 9 }],
  ];
  for (const [path, name, expected] of real) {
    it(`${path} (${name})`, async (t) => {
      const file = sharedData(t, path);
      if (!file) return;
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
      const { state, entries, rejected } = await readAll(lines, BUILT_IN_MAPPINGS[name] as ListMapping);
      assert.equal(entries.length, expected.values);
      assert.equal(rejected.length, expected.rejected, rejected.map((r) => `${r.line}: ${r.reason}`).join("\n"));
      for (const r of rejected) assert.ok(r.line > 0 && r.reason.length > 0);
      assert.ok(state.lines >= entries.length + rejected.length);
      const invalid = entries.filter((e) => e.type !== "regex" && !checkPattern(patternOf(e.type, e.value)).valid);
      assert.deepEqual(invalid.slice(0, 3), []);
    });
  }
});
