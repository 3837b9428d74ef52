import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { sharedData } from "../testing/index.js";
import { compilePattern, compilePatterns, prepareObservations } from "./index.js";

/** The compiler: index atoms, pattern classes, and the boolean fast path agreeing with the binding path. */

describe("index atoms and pattern classes", () => {
  const cls = (p: string) => compilePattern(p).kind;
  const atoms = (p: string) => compilePattern(p).atoms.map((a) => `${a.kind} ${a.key} ${a.value}`);
  test("equality on addresses, domains, URLs, e-mail and hashes", () => {
    assert.deepEqual(atoms("[ipv4-addr:value = '198.51.100.1']"), ["equals ipv4-addr:value 198.51.100.1"]);
    assert.deepEqual(atoms("[ipv6-addr:value = '2001:db8::1']"), ["equals ipv6-addr:value 2001:db8::1"]);
    assert.deepEqual(atoms("[domain-name:value = 'evil.example']"), ["equals domain-name:value evil.example"]);
    assert.deepEqual(atoms("[url:value = 'http://x/']"), ["equals url:value http://x/"]);
    assert.deepEqual(atoms("[email-addr:value = 'a@b.c']"), ["equals email-addr:value a@b.c"]);
    assert.deepEqual(atoms("[file:hashes.'SHA-256' = 'ab']"), ["equals file:hashes.SHA-256 ab"]);
    assert.deepEqual(atoms("[x509-certificate:hashes.MD5 = 'cd']"), ["equals x509-certificate:hashes.MD5 cd"]);
  });
  test("subnets, IN sets, OR and network-traffic references", () => {
    assert.deepEqual(atoms("[ipv4-addr:value ISSUBSET '10.1.2.3/8']"), ["subnet ipv4-addr:value 10.0.0.0/8"]);
    assert.deepEqual(atoms("[ipv4-addr:value IN ('1.1.1.1', '2.2.2.2')]"), [
      "equals ipv4-addr:value 1.1.1.1",
      "equals ipv4-addr:value 2.2.2.2",
    ]);
    assert.deepEqual(atoms("[network-traffic:dst_ref.value = '1.1.1.1'] OR [domain-name:value = 'x']"), [
      "equals network-traffic:dst_ref.value 1.1.1.1",
      "equals domain-name:value x",
    ]);
    assert.deepEqual(atoms("[network-traffic:src_ref.value ISSUBSET '2001:db8::/32']"), [
      "subnet network-traffic:src_ref.value 2001:db8:0:0:0:0:0:0/32",
    ]);
  });
  test("classes", () => {
    assert.equal(cls("[ipv4-addr:value = '1.1.1.1' OR ipv4-addr:value = '2.2.2.2']"), "atoms");
    assert.equal(cls("[network-traffic:dst_ref.value = '1.1.1.1' AND network-traffic:dst_port = 443]"), "prefilter");
    assert.equal(cls("[ipv4-addr:value = '1.1.1.1'] WITHIN 5 SECONDS"), "prefilter");
    assert.equal(cls("[ipv4-addr:value = '1.1.1.1'] FOLLOWEDBY [file:name = 'x']"), "prefilter");
    assert.equal(cls("[file:name = 'x']"), "closure");
    assert.equal(cls("[ipv4-addr:value != '1.1.1.1']"), "closure");
    assert.equal(cls("[ipv4-addr:value NOT = '1.1.1.1']"), "closure");
    assert.equal(cls("[ipv4-addr:value = '1.1.1.1' OR file:name = 'x']"), "closure");
    assert.equal(cls("[ipv4-addr:value LIKE '1.1.%']"), "closure");
  });
  test("compilePatterns counts each class and the invalid ones", () => {
    const set = compilePatterns([
      "[ipv4-addr:value = '1.1.1.1']",
      "[file:name = 'x']",
      "[",
      "[url:value = 'u' AND url:x_a = 1]",
    ]);
    assert.deepEqual(set.counts, { atoms: 1, prefilter: 1, closure: 1, invalid: 1 });
    assert.equal(set.results.length, 4);
  });
});

describe("the boolean path agrees with the binding path", () => {
  const leaf = fc.constantFrom("[x-t:v = 1]", "[x-t:v = 2]", "[x-t:v = 3]", "[x-t:v > 1]", "[x-u:w = 1]");
  const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.tuple(tie("node"), fc.constantFrom(" AND ", " OR "), tie("node")).map(([a, op, b]) => `(${a}${op}${b})`),
    ),
  })).node;
  const observation = fc.record({
    type: fc.constantFrom("x-t", "x-u"),
    v: fc.integer({ min: 1, max: 3 }),
    count: fc.integer({ min: 1, max: 2 }),
  });
  test("random AND/OR patterns over random observations", () => {
    fc.assert(
      fc.property(tree, fc.array(observation, { maxLength: 4 }), (pattern, obs) => {
        const input: unknown[] = [];
        obs.forEach((o, i) => {
          input.push(
            {
              type: "observed-data",
              id: `observed-data--${i}`,
              first_observed: "2020-01-01T00:00:00Z",
              last_observed: "2020-01-01T00:00:00Z",
              number_observed: o.count,
              object_refs: [`${o.type}--${i}`],
            },
            { type: o.type, id: `${o.type}--${i}`, v: o.v, w: o.v },
          );
        });
        const c = compilePattern(pattern);
        const set = prepareObservations(input);
        assert.equal(c.matches(set), c.match(set).matched, pattern);
      }),
      { numRuns: 400 },
    );
  });
});

describe("match reports observations and objects", () => {
  test("which observed-data and which root objects matched", () => {
    const od = (id: string, ref: string, at: string) => ({
      type: "observed-data",
      id,
      first_observed: at,
      last_observed: at,
      number_observed: 1,
      object_refs: [ref],
    });
    const input = [
      od("observed-data--1", "ipv4-addr--1", "2020-01-01T00:00:00Z"),
      od("observed-data--2", "domain-name--2", "2020-01-01T00:00:05Z"),
      { type: "ipv4-addr", id: "ipv4-addr--1", value: "1.1.1.1" },
      { type: "domain-name", id: "domain-name--2", value: "x.example" },
    ];
    const r = compilePattern("[ipv4-addr:value = '1.1.1.1'] FOLLOWEDBY [domain-name:value = 'x.example']").match(
      prepareObservations(input),
    );
    assert.deepEqual(r, {
      matched: true,
      observations: ["observed-data--1", "observed-data--2"],
      objects: { "observed-data--1": ["ipv4-addr--1"], "observed-data--2": ["domain-name--2"] },
    });
  });
});

describe("real indicator lists compile to index atoms", () => {
  test("ThreatFox IPs", (t) => {
    const path = sharedData(t, "abusech-threatfox/threatfox-ioc-ips.txt");
    if (path === null) return;
    const ips = readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => /^\d+\.\d+\.\d+\.\d+$/.test(l.trim()));
    assert.ok(ips.length > 1000);
    const set = compilePatterns(ips.map((ip) => `[ipv4-addr:value = '${ip.trim()}']`));
    assert.deepEqual(set.counts, { atoms: ips.length, prefilter: 0, closure: 0, invalid: 0 });
  });
  test("URLhaus domains", (t) => {
    const path = sharedData(t, "abusech-urlhaus/urlhaus-filter-domains.txt");
    if (path === null) return;
    const domains = readFileSync(path, "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    const set = compilePatterns(
      domains.map((d) => `[domain-name:value = '${d.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}']`),
    );
    assert.equal(set.counts.atoms, domains.length);
  });
});
