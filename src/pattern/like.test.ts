import assert from "node:assert/strict";
import { test } from "node:test";
import { blockWithin, canonicalBlock, parseIpBlock } from "./cidr.js";
import { compileLike } from "./like.js";

/** LIKE edge cases and CIDR parsing, beyond the conformance table. */

const LIKE: [string, string, boolean][] = [
  ["", "", true],
  ["", "a", false],
  ["%", "", true],
  ["_", "", false],
  ["_", "😀", true],
  ["__", "😀", false],
  ["a%b%c", "abc", true],
  ["a%b%c", "aXbYc", true],
  ["a%b%c", "aXbY", false],
  ["%%", "x", true],
  ["%a", "ba", true],
  ["%a", "ab", false],
  ["a_c", "abc", true],
  ["a_c", "ac", false],
  ["100%", "100% sure", true],
  ["%.*%", "a.*b", true],
  ["(x)%", "(x)y", true],
  ["[a]%", "a", false],
  ["%\n%", "line1\nline2", true],
];

for (const [pattern, value, expected] of LIKE) {
  test(`LIKE ${JSON.stringify(pattern)} on ${JSON.stringify(value)} is ${expected}`, () => {
    assert.equal(compileLike(pattern)(value), expected);
  });
}

const CIDR: [string, string, boolean][] = [
  ["10.1.2.3", "10.0.0.0/8", true],
  ["10.1.2.3/16", "10.0.0.0/8", true],
  ["10.0.0.0/7", "10.0.0.0/8", false],
  ["11.0.0.0", "10.0.0.0/8", false],
  ["255.255.255.255", "0.0.0.0/0", true],
  ["::1", "::/0", true],
  ["::ffff:192.0.2.1", "::ffff:0:0/96", true],
  ["2001:db8::1", "2001:db8::/33", true],
  ["2001:db8:8000::1", "2001:db8::/33", false],
  ["fe80::1%eth0", "fe80::/10", false],
];

for (const [inner, outer, expected] of CIDR) {
  test(`${inner} within ${outer} is ${expected}`, () => {
    const i = parseIpBlock(inner);
    const o = parseIpBlock(outer)!;
    assert.equal(i !== null && blockWithin(i, o), expected);
  });
}

test("invalid addresses do not parse", () => {
  for (const bad of [
    "1.2.3",
    "1.2.3.4.5",
    "256.0.0.1",
    "01.2.3.4",
    "1.2.3.4/",
    "1.2.3.4/a",
    "::1::",
    "12345::",
    "g::1",
    "",
  ]) {
    assert.equal(parseIpBlock(bad), null, bad);
  }
});

test("canonical networks clear host bits", () => {
  assert.equal(canonicalBlock(parseIpBlock("192.168.7.9/20")!), "192.168.0.0/20");
  assert.equal(canonicalBlock(parseIpBlock("2001:db8:ffff::1/36")!), "2001:db8:f000:0:0:0:0:0/36");
});

test("% and _ match line breaks too (STIX 2.1 §9.4; the reference matcher differs)", () => {
  assert.equal(compileLike("a%b")("a\nb"), true);
  assert.equal(compileLike("a_b")("a\nb"), true);
});
