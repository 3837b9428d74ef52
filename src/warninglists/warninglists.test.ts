import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../testing/index.js";
import {
  createWarninglistMatcher,
  loadWarninglists,
  parseIpv4,
  parseIpv6,
  parseNetwork,
  parseWarninglist,
  type Warninglist,
  WarninglistError,
} from "./index.js";

function list(
  type: Warninglist["type"],
  entries: string[],
  attrs = ["domain", "hostname", "ip-dst", "url"],
): Warninglist {
  return parseWarninglist(JSON.stringify({ name: `t-${type}`, type, matching_attributes: attrs, list: entries }), "t");
}

test("IP parsing refuses what is not an address", () => {
  assert.equal(parseIpv4("10.1.2.3"), 0x0a010203);
  assert.equal(parseIpv4("255.255.255.255"), 0xffffffff);
  for (const bad of ["10.1.2", "10.1.2.3.4", "256.1.1.1", "01.2.3.4", "a.b.c.d", "", "1..2.3"])
    assert.equal(parseIpv4(bad), -1, bad);
  assert.equal(parseIpv6("::1"), 1n);
  assert.equal(parseIpv6("2001:db8::1"), (0x20010db8n << 96n) | 1n);
  assert.equal(parseIpv6("::ffff:10.0.0.1"), (0xffffn << 32n) | 0x0a000001n);
  for (const bad of ["1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "g::1"]) assert.equal(parseIpv6(bad), null, bad);
  assert.deepEqual(parseNetwork("10.9.8.7/8"), { v6: false, prefix: 8, network: 0x0a000000 });
  assert.equal(parseNetwork("10.0.0.0/33"), null);
});

test("hostname lists match the name and its subdomains at a label boundary only", () => {
  const m = createWarninglistMatcher([list("hostname", [".example.com", "higan.org."])]);
  assert.equal(m.match("domain", "example.com"), "t-hostname");
  assert.equal(m.match("domain", "WWW.Example.COM."), "t-hostname");
  assert.equal(m.match("domain", "badexample.com"), null);
  assert.equal(m.match("domain", "michigan.org"), null);
  assert.equal(m.match("domain", "a.higan.org"), "t-hostname");
  assert.equal(m.match("url", "http://user@a.higan.org:8080/x?y"), "t-hostname");
  assert.equal(m.match("url", "http://michigan.org/higan.org"), null);
});

test("string, substring, regex and cidr lists", () => {
  const m = createWarninglistMatcher([
    list("string", ["D41D8CD98F00B204E9800998ECF8427E"], ["md5"]),
    list("substring", ["mobiseclab"], ["domain"]),
    parseWarninglist(
      JSON.stringify({
        name: "re",
        type: "regex",
        matching_attributes: ["email-dst"],
        list: ["/^(abuse|noc)\\@.*$/i", "/(/"],
      }),
      "re.json",
    ),
    list("cidr", ["10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "bogus/8"], ["ip-dst"]),
  ]);
  assert.equal(m.match("hash", "d41d8cd98f00b204e9800998ecf8427e"), "t-string");
  assert.equal(m.match("domain", "akana.mobiseclab.org"), "t-substring");
  assert.equal(m.match("email", "ABUSE@example.org"), "re");
  assert.equal(m.match("email", "ana@example.org"), null);
  assert.equal(m.match("ip", "10.200.1.1"), "t-cidr");
  assert.equal(m.match("ip", "192.0.2.7"), "t-cidr");
  assert.equal(m.match("ip", "192.0.2.8"), null);
  assert.equal(m.match("ip", "2001:db8:ffff::1"), "t-cidr");
  assert.equal(m.match("ip", "2001:db9::1"), null);
  // A list applies only to the kinds its matching_attributes name.
  assert.equal(m.match("domain", "10.200.1.1"), null);
  const skipped = m.stats.skipped.map((s) => s.entry).sort();
  assert.deepEqual(skipped, ["(", "bogus/8"].map((e) => (e === "(" ? "/(/" : e)).sort());
});

test("a file that is not a warninglist says what and where", () => {
  assert.throws(
    () => parseWarninglist("{", "x.json"),
    (e: unknown) =>
      e instanceof WarninglistError && e.code === "WARNINGLIST_INVALID" && /x\.json: not JSON/.test(e.message),
  );
  assert.throws(
    () => parseWarninglist(JSON.stringify({ name: "n", type: "glob", list: [] }), "y.json"),
    (e: unknown) => e instanceof WarninglistError && e.code === "WARNINGLIST_UNKNOWN_TYPE" && /y\.json/.test(e.message),
  );
  assert.throws(() => parseWarninglist(JSON.stringify({ name: "n", list: "a" }), "z.json"), /"list" must be an array/);
});

test("loading a folder keeps the good lists and reports the bad ones", async () => {
  const dir = await mkdtemp(join(tmpdir(), "wl-"));
  await writeFile(
    join(dir, "good.json"),
    JSON.stringify({ name: "g", type: "string", matching_attributes: ["domain"], list: ["a.b"] }),
  );
  await writeFile(join(dir, "bad.json"), "not json");
  const loaded = await loadWarninglists(dir);
  assert.deepEqual(
    loaded.lists.map((l) => l.name),
    ["g"],
  );
  assert.equal(loaded.errors.length, 1);
  assert.match(loaded.errors[0]!.source, /bad\.json$/);
  await assert.rejects(
    loadWarninglists(join(dir, "missing")),
    (e: unknown) => e instanceof WarninglistError && e.code === "WARNINGLIST_NOT_FOUND",
  );
});

test("the real MISP warninglists load and match what they list", async (t) => {
  const dir = sharedData(t, "misp-warninglists");
  if (dir === null) return;
  const loaded = await loadWarninglists(dir);
  assert.equal(loaded.errors.length, 0, JSON.stringify(loaded.errors.slice(0, 3)));
  assert.equal(loaded.lists.length, 126);
  const m = createWarninglistMatcher(loaded.lists);
  assert.match(m.match("ip", "192.168.4.20") ?? "", /1918/);
  assert.notEqual(m.match("ip", "8.8.8.8"), null);
  assert.notEqual(m.match("domain", "bit.ly"), null);
  assert.notEqual(m.match("hash", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), null);
  assert.equal(m.match("ip", "178.237.33.50"), null);
});

test("matchAll names every list holding a value, where match names the first", () => {
  const named = (name: string, type: Warninglist["type"], entries: string[]) =>
    parseWarninglist(JSON.stringify({ name, type, matching_attributes: ["ip-dst", "domain"], list: entries }), name);
  const m = createWarninglistMatcher([
    named("dns-a", "cidr", ["8.8.8.0/24"]),
    named("dns-b", "cidr", ["8.8.8.8/32", "8.8.8.0/24"]),
    named("dns-c", "string", ["8.8.8.8"]),
    named("top", "hostname", ["google.com"]),
    named("google", "hostname", ["google.com", "www.google.com"]),
  ]);
  assert.equal(m.match("ip", "8.8.8.8"), "dns-c");
  assert.deepEqual(m.matchAll("ip", "8.8.8.8").sort(), ["dns-a", "dns-b", "dns-c"]);
  assert.deepEqual(m.matchAll("ip", "8.8.4.4"), []);
  assert.deepEqual(m.matchAll("domain", "www.google.com").sort(), ["google", "top"]);
  assert.deepEqual(m.matchAll("domain", "notgoogle.com"), []);
  assert.deepEqual(m.matchAll("hash", "abc"), []);
});
