import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { compilePattern } from "../pattern/index.js";
import { sharedData } from "../testing/index.js";
import { IndicatorIndex, type IndicatorRecord } from "./indicator-index.js";
import { planPattern } from "./shapes.js";

let n = 0;
function ind(pattern: string, extra: Partial<IndicatorRecord> = {}): IndicatorRecord {
  n++;
  const id = `indicator--00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  return { id, pattern, pattern_type: "stix", valid_from: "2018-01-01T00:00:00Z", ...extra };
}

function slotsOf(index: IndicatorIndex, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(index.idOf(index.hits.slots[i]!));
  return out;
}

test("addresses: exact, CIDR with the longest prefix first, IPv6 in any spelling, source and destination roles", () => {
  const index = new IndicatorIndex();
  const a = ind("[ipv4-addr:value = '66.63.168.35']");
  const b = ind("[ipv4-addr:value ISSUBSET '66.63.168.0/24']");
  const c = ind("[ipv4-addr:value = '66.0.0.0/8']");
  const d = ind("[ipv6-addr:value = '2001:DB8:0:0::1']");
  const e = ind("[network-traffic:dst_ref.value = '178.237.33.50']");
  for (const x of [a, b, c, d, e]) assert.equal(index.add(x), "exact", x.pattern as string);
  assert.deepEqual(slotsOf(index, index.lookupIp("66.63.168.35", 0)), [a.id, b.id, c.id]);
  assert.deepEqual(slotsOf(index, index.lookupIp("66.63.168.36", 0)), [b.id, c.id]);
  assert.deepEqual(slotsOf(index, index.lookupIp("66.1.1.1", 0)), [c.id]);
  assert.equal(index.lookupIp("67.63.168.35", 0), 0);
  assert.deepEqual(slotsOf(index, index.lookupIp("2001:0db8:0000:0000:0000:0000:0000:0001", 0)), [d.id]);
  assert.equal(index.lookupIp("178.237.33.50", 1), 0, "a destination indicator does not match a source field");
  assert.deepEqual(slotsOf(index, index.lookupIp("178.237.33.50", 2)), [e.id]);
  assert.equal(index.lookupIp("not-an-ip", 0), 0);
});

test("domains: exact, subdomains only where the pattern says so, never across a label", () => {
  const index = new IndicatorIndex();
  const exact = ind("[domain-name:value = 'higan.org']");
  const sub = ind("[domain-name:value LIKE '%.evil.example']");
  assert.equal(index.add(exact), "exact");
  assert.equal(index.add(sub), "exact");
  assert.deepEqual(slotsOf(index, index.lookupDomain("HIGAN.org.")), [exact.id]);
  assert.equal(index.lookupDomain("michigan.org"), 0);
  assert.equal(index.lookupDomain("www.higan.org"), 0, "exact indicators do not match subdomains");
  assert.deepEqual(slotsOf(index, index.lookupDomain("a.b.evil.example")), [sub.id]);
  assert.equal(index.lookupDomain("evil.example"), 0, "%.x needs a label before x");
  assert.equal(index.lookupDomain("notevil.example"), 0);
});

test("URLs, hashes, e-mail, user agents and JA3 are normalized on both sides", () => {
  const index = new IndicatorIndex();
  const url = ind("[url:value = 'HTTP://Evil.Example:80/a/../b']");
  const bare = ind("[url:value = 'bad.example/x.exe']");
  const hash = ind("[file:hashes.'SHA-256' = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855']");
  const cert = ind("[x509-certificate:hashes.'SHA-1' = 'aa:bb:cc']");
  const mail = ind("[email-addr:value = 'Phish@Example.com']");
  const ua = ind("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/4.0 (evil)']");
  const ja3 = ind("[x-ja3:value = 'E7D705A3286E19EA42F587B344EE6865']");
  for (const x of [url, bare, hash, cert, mail, ua, ja3]) assert.equal(index.add(x), "exact", x.pattern as string);
  assert.deepEqual(slotsOf(index, index.lookup("url", "http://evil.example/b")), [url.id]);
  assert.deepEqual(slotsOf(index, index.lookup("url", "http://bad.example/x.exe")), [bare.id]);
  assert.equal(index.lookup("hash", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), 1);
  assert.equal(index.lookup("x509", "aabbcc"), 1);
  assert.equal(index.lookup("email", "phish@example.com"), 1);
  assert.equal(index.lookup("user-agent", "Mozilla/4.0 (evil)"), 1);
  assert.equal(index.lookup("ja3", "e7d705a3286e19ea42f587b344ee6865"), 1);
});

test("validity is the event's time; revoked and replaced indicators leave every table and their slot is reused", () => {
  const index = new IndicatorIndex();
  const x = ind("[domain-name:value = 'old.example']", {
    valid_from: "2018-01-01T00:00:00Z",
    valid_until: "2019-01-01T00:00:00Z",
  });
  index.add(x);
  assert.equal(index.lookupDomain("old.example"), 1);
  const slot = index.hits.slots[0]!;
  assert.equal(index.validAt(slot, Date.parse("2018-03-24T17:15:20Z")), true);
  assert.equal(index.validAt(slot, Date.parse("2019-01-01T00:00:00Z")), false);
  assert.equal(index.validAt(slot, Date.parse("2017-12-31T23:59:59Z")), false);
  // A new version with another value: the old value no longer matches.
  index.add({ ...x, pattern: "[domain-name:value = 'new.example']", modified: "2018-06-01T00:00:00Z" });
  assert.equal(index.lookupDomain("old.example"), 0);
  assert.equal(index.lookupDomain("new.example"), 1);
  assert.equal(index.stats().indicators, 1);
  assert.equal(index.add({ ...x, revoked: true }), "revoked");
  assert.equal(index.lookupDomain("new.example"), 0);
  assert.equal(index.stats().indicators, 0);
  const y = ind("[domain-name:value = 'other.example']");
  index.add(y);
  index.lookupDomain("other.example");
  assert.equal(index.hits.slots[0], slot, "the freed slot is reused");
  assert.equal(index.stats().entries, 1);
});

test("patterns the tables cannot serve alone go to the pattern engine; bad ones are refused", () => {
  const index = new IndicatorIndex();
  assert.equal(index.add(ind("[ipv4-addr:value = '1.2.3.4' AND ipv4-addr:x_score > 3]")), "prefilter");
  assert.equal(index.add(ind("[domain-name:value LIKE 'evil%']")), "closure");
  assert.equal(index.add(ind("[domain-name:value = ")), "invalid");
  assert.equal(index.add(ind("alert tcp any any", { pattern_type: "snort" })), "not-stix");
  assert.equal(index.add({ id: "indicator--nope", pattern: "[ipv4-addr:value = '1.1.1.1']" }), "bad-id");
  assert.equal(index.lookupIp("1.2.3.4", 0), 1);
  assert.ok(index.confirmerOf(index.hits.slots[0]!));
});

test("the one-comparison fast path gives the compiler's atoms on real feed values", (t) => {
  const path = sharedData(t, "maltrail/indicators.csv");
  if (path === null) return;
  const lines = readFileSync(path, "utf8").split("\n").slice(1, 3001);
  let checked = 0;
  for (const line of lines) {
    const [value, type] = line.split(",");
    if (!value || value.includes("'") || value.includes("\\")) continue;
    const key =
      type === "domain"
        ? "domain-name:value"
        : type === "url"
          ? "url:value"
          : type === "ipv4"
            ? "ipv4-addr:value"
            : null;
    if (key === null) continue;
    const pattern = `[${key} = '${value}']`;
    const fast = planPattern(pattern);
    const compiled = compilePattern(pattern);
    assert.equal(compiled.kind, "atoms", pattern);
    // A value that is no URL (a bare path in the feed) cannot be looked up: the pattern engine keeps it.
    if (fast.kind !== "exact") {
      assert.equal(fast.kind, "closure", pattern);
      continue;
    }
    assert.equal(fast.atoms.length, compiled.atoms.length, pattern);
    checked++;
  }
  assert.ok(checked > 1000, `checked ${checked}`);
});
