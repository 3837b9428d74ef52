import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type ListValueType, patternOf } from "../feeds/list/index.js";
import { PatternError } from "../pattern/index.js";
import { sharedData } from "../testing/index.js";
import { type IndexPlan, planPattern } from "./shapes.js";
import { stixTimeMs } from "./stix-time.js";

/** What the planner makes of a pattern: its kind and atoms, or the compiler's error code. */
function outcome(pattern: string, fast: boolean): { kind: string; atoms: IndexPlan["atoms"] } | string {
  try {
    const plan = planPattern(pattern, fast);
    return { kind: plan.kind, atoms: plan.atoms };
  } catch (error) {
    if (error instanceof PatternError) return error.issue.code;
    throw error;
  }
}

/** Asserts the fast path plans every pattern as the full compiler does; returns how many it took itself. */
function sameAsCompiler(patterns: Iterable<string>): { checked: number; exact: number } {
  let checked = 0;
  let exact = 0;
  for (const p of patterns) {
    const fast = outcome(p, true);
    assert.deepEqual(fast, outcome(p, false), p);
    checked++;
    if (typeof fast !== "string" && fast.kind === "exact") exact++;
  }
  return { checked, exact };
}

const LIST_TYPES = new Set<string>(["domain", "url", "ipv4", "ipv4-cidr", "ipv4-port", "ipv6-port", "regex"]);

test("the fast path plans the real feed indicators exactly as the compiler does", (t) => {
  const maltrail = sharedData(t, "maltrail/indicators.csv");
  const urlhaus = sharedData(t, "abusech-urlhaus/urlhaus-filter-domains.txt");
  const ipsum = sharedData(t, "ipsum/ipsum.txt");
  const threatfox = sharedData(t, "abusech-threatfox/threatfox-ioc-ips.txt");
  if (maltrail === null || urlhaus === null || ipsum === null || threatfox === null) return;
  const patterns: string[] = [];
  for (const line of readFileSync(maltrail, "utf8").split("\n").slice(1)) {
    const comma = line.indexOf(",");
    const type = line.slice(comma + 1, line.indexOf(",", comma + 1));
    if (comma > 0 && LIST_TYPES.has(type)) patterns.push(patternOf(type as ListValueType, line.slice(0, comma)));
  }
  const lines = (path: string) =>
    readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#"));
  for (const d of lines(urlhaus)) patterns.push(patternOf("domain", d));
  for (const l of lines(ipsum).slice(0, 30_000)) patterns.push(patternOf("ipv4", l.split("\t")[0]!));
  for (const ip of lines(threatfox)) patterns.push(patternOf("ipv4", ip));
  const { checked, exact } = sameAsCompiler(patterns);
  assert.ok(checked > 140_000 && exact > 100_000, `checked ${checked}, exact ${exact}`);
});

test("the fast path plans generated hashes, addresses and odd spellings as the compiler does", () => {
  const hex = (n: number, i: number) =>
    Array.from({ length: n }, (_, k) => "0123456789abcdefABCDEF"[(i * 7 + k * 13) % 22]).join("");
  const patterns: string[] = [];
  for (let i = 0; i < 200; i++) {
    patterns.push(
      `[file:hashes.MD5 = '${hex(32, i)}']`,
      `[file:hashes.'SHA-1' = '${hex(40, i)}']`,
      `[file:hashes.'SHA-256' = '${hex(64, i)}']`,
      `[file:hashes.'SHA-512' = '${hex(128, i)}']`,
      `[file:hashes.SHA256 = '${hex(64, i)}']`,
      `[x509-certificate:hashes.'SHA-256' = '${hex(64, i)}']`,
      `[x509-certificate:hashes.'SHA-1' = '${hex(40, i)}']`,
      `[file:hashes.MD5 = '${hex(16, i).replace(/(..)/g, "$1:")}']`,
      `[ipv6-addr:value = '2001:DB8:0:0:${i.toString(16)}::${(i * 3).toString(16)}']`,
      `[network-traffic:dst_ref.value = '10.${i}.0.${i % 7}']`,
      `[network-traffic:src_ref.value = '10.${i}.0.0/16']`,
      `[email-addr:value = 'Name ${i} <User${i}@Example.COM>']`,
      `[domain-name:value = 'Host-${i}.Example.COM.']`,
      `[url:value = 'HTTP://Example.com:80/a/../b${i}?q#frag']`,
    );
  }
  patterns.push(
    "[domain-name:value = '']",
    "[domain-name:value = 'it\\'s.example']",
    "[domain-name:value = 'back\\\\slash.example']",
    "[domain-name:value='tight.example']",
    "[domain-name:value  = 'spaced.example']",
    "[domain-name:value = 'a.example'] OR [domain-name:value = 'b.example']",
    "[domain-name:value = 'a.example' OR domain-name:value = 'b.example']",
    "[domain-name:value = 'unterminated.example]",
    "[domain-name:value = 'x.example'",
    "[ipv4-addr:value = '999.1.1.1']",
    "[ipv4-addr:value = '10.0.0.0/33']",
    "[ipv4-addr:value = '10.0.0.0/8']",
    "[ipv4-addr:value = ' 10.0.0.1 ']",
    "[url:value = 'not a url']",
    "[url:value = '']",
    "[file:hashes.'SHA-384' = 'abc']",
    "[file:hashes.SHA-256 = 'abc']",
    "[file:name = 'x.exe']",
    "[domain-name:value = 'ünïcödé.example']",
    "[domain-name:value = 'line\nbreak.example']",
    `[domain-name:value = '${"a".repeat(300 * 1024)}']`,
  );
  const { checked } = sameAsCompiler(patterns);
  assert.equal(checked, patterns.length);
});

test("STIX timestamps parse to what Date.parse gives, fast form or not", () => {
  const texts: string[] = [
    "2026-01-01T00:00:00Z",
    "2026-01-01T00:00:00.5Z",
    "2026-01-01T00:00:00.12Z",
    "2026-01-01T00:00:00.123Z",
    "2026-01-01T00:00:00.123456Z",
    "2026-01-01T00:00:00.123456789Z",
    "2026-12-31T23:59:59.999Z",
    "2024-02-29T12:00:00Z",
    "2026-02-29T12:00:00Z",
    "2026-02-30T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "2026-01-01T23:60:00Z",
    "2026-01-01T23:59:60Z",
    "2026-13-01T00:00:00Z",
    "2026-00-01T00:00:00Z",
    "2026-01-00T00:00:00Z",
    "2026-01-01T00:00:00.Z",
    "2026-01-01T00:00:00.12aZ",
    "2026-01-01T00:00:00+01:00",
    "2026-01-01 00:00:00Z",
    "2026-01-01",
    "0999-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "not a date",
    "",
  ];
  for (let i = 0; i < 2000; i++) {
    const d = new Date(Date.UTC(1990 + (i % 60), i % 12, 1 + (i % 31), i % 24, (i * 7) % 60, (i * 13) % 60, i % 1000));
    const iso = d.toISOString();
    texts.push(iso, iso.replace(/\.\d+Z$/, "Z"), iso.replace("Z", `${i % 10}${i % 7}Z`));
  }
  for (const text of texts) {
    const want = Date.parse(text);
    const got = stixTimeMs(text);
    assert.ok(Object.is(got, want), `${JSON.stringify(text)}: ${got} ≠ ${want}`);
  }
});
