import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCpe } from "./cpe.js";
import {
  type AttributeRelation,
  compareAttribute,
  compareNames,
  hasWildcard,
  isCpeSuperset,
  type NameRelation,
} from "./cpe-match.js";

/** A formatted-string value as its WFN form (through the product slot of a full name). */
function v(fs: string): string {
  return parseCpe(`cpe:2.3:a:x:${fs}:*:*:*:*:*:*:*:*`).product;
}

// [source, target, expected] — NISTIR 7696 Table 6-2 rows and edge cases around them. A run of
// n unquoted "?" matches at most n characters (compare_strings counts the characters before and
// after the match against the number of "?").
const ATTRIBUTE_CASES: [string, string, AttributeRelation][] = [
  // ANY as source
  ["*", "*", "EQUAL"],
  ["*", "-", "SUPERSET"],
  ["*", "foo", "SUPERSET"],
  ["*", "1\\.0", "SUPERSET"],
  ["*", "fo*", "UNDEFINED"],
  ["*", "?oo", "UNDEFINED"],
  // NA as source
  ["-", "*", "SUBSET"],
  ["-", "-", "EQUAL"],
  ["-", "foo", "DISJOINT"],
  ["-", "f*", "UNDEFINED"],
  ["-", "??", "UNDEFINED"],
  // i as source
  ["foo", "*", "SUBSET"],
  ["foo", "-", "DISJOINT"],
  ["foo", "foo", "EQUAL"],
  ["foo", "FOO", "EQUAL"],
  ["Foo", "fOo", "EQUAL"],
  ["foo", "bar", "DISJOINT"],
  ["foo", "foo2", "DISJOINT"],
  ["foo", "fo*", "UNDEFINED"],
  ["foo", "?oo", "UNDEFINED"],
  ["1.0", "1\\.0", "EQUAL"],
  ["1\\.0", "1.0", "EQUAL"],
  ["1.0", "1-0", "DISJOINT"],
  ["a\\:b", "a\\:b", "EQUAL"],
  ["a\\:b", "a\\:c", "DISJOINT"],
  ["a\\*", "a\\*", "EQUAL"],
  ["a\\*", "ab", "DISJOINT"],
  ["a\\?", "ab", "DISJOINT"],
  ["\\?a", "ba", "DISJOINT"],
  // m + wild as source
  ["fo*", "*", "SUBSET"],
  ["fo*", "-", "DISJOINT"],
  ["fo*", "foo", "SUPERSET"],
  ["fo*", "fo", "SUPERSET"],
  ["fo*", "f", "DISJOINT"],
  ["fo*", "bfoo", "DISJOINT"],
  ["*oo", "foo", "SUPERSET"],
  ["*oo", "oo", "SUPERSET"],
  ["*oo", "foob", "DISJOINT"],
  ["*o*", "foobar", "SUPERSET"],
  ["*o*", "bar", "DISJOINT"],
  ["*x*", "x", "SUPERSET"],
  ["?oo", "foo", "SUPERSET"],
  ["?oo", "oo", "SUPERSET"],
  ["?oo", "ffoo", "DISJOINT"],
  ["??oo", "ffoo", "SUPERSET"],
  ["oo??", "oo", "SUPERSET"],
  ["oo??", "ooabc", "DISJOINT"],
  ["??o", "foo", "SUPERSET"],
  ["??o", "fo", "SUPERSET"],
  ["fo?", "foo", "SUPERSET"],
  ["fo?", "fo", "SUPERSET"],
  ["fo?", "fooo", "DISJOINT"],
  ["f??", "foo", "SUPERSET"],
  ["f??", "fo", "SUPERSET"],
  ["?o?", "foo", "SUPERSET"],
  ["?o?", "oo", "SUPERSET"],
  ["*o?", "xxxoo", "SUPERSET"],
  ["*o?", "o", "SUPERSET"],
  ["?o*", "foooo", "SUPERSET"],
  ["?o*", "o", "SUPERSET"],
  ["??", "ab", "SUPERSET"],
  ["??", "a", "SUPERSET"],
  ["??", "abc", "DISJOINT"],
  ["?", "a", "SUPERSET"],
  ["1.*", "1.0", "SUPERSET"],
  ["1.*", "1.0.2", "SUPERSET"],
  ["1.*", "10.0", "DISJOINT"],
  ["1\\.*", "1.5", "SUPERSET"],
  ["2.?", "2.4", "SUPERSET"],
  ["2.?", "2.10", "DISJOINT"],
  ["FO*", "foo", "SUPERSET"],
  ["a\\**", "a\\*b", "SUPERSET"],
  ["a\\**", "ab", "DISJOINT"],
  ["*\\:b", "a\\:b", "SUPERSET"],
  ["fo*", "fo*", "UNDEFINED"],
  ["fo*", "?oo", "UNDEFINED"],
  ["*oo", "fo\\*", "DISJOINT"],
];

test(`attribute comparison agrees with NISTIR 7696 Table 6-2 (${ATTRIBUTE_CASES.length} cases)`, () => {
  for (const [source, target, expected] of ATTRIBUTE_CASES) {
    assert.equal(compareAttribute(v(source), v(target)), expected, `${source} vs ${target}`);
  }
});

// [source name, target name, expected relation]
const NAME_CASES: [string, string, NameRelation][] = [
  [
    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
    "EQUAL",
  ],
  [
    "cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*",
    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
    "SUPERSET",
  ],
  [
    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
    "cpe:2.3:a:microsoft:internet_explorer:*:*:*:*:*:*:*:*",
    "SUBSET",
  ],
  [
    "cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*",
    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*",
    "SUPERSET",
  ],
  [
    "cpe:2.3:a:microsoft:internet_explorer:8.?:*:*:*:*:*:*:*",
    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:*:*:*:*:*:*:*",
    "DISJOINT",
  ],
  [
    "cpe:2.3:a:microsoft:internet_explorer:9.*:*:*:*:*:*:*:*",
    "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:*:*:*:*:*:*:*",
    "DISJOINT",
  ],
  ["cpe:2.3:a:microsoft:*:*:*:*:*:*:*:*:*", "cpe:2.3:a:microsoft:office:2016:*:*:*:*:*:*:*", "SUPERSET"],
  ["cpe:2.3:*:*:*:*:*:*:*:*:*:*:*", "cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*", "SUPERSET"],
  ["cpe:2.3:a:*:*:*:*:*:*:*:*:*:*", "cpe:2.3:o:linux:linux_kernel:5.10:*:*:*:*:*:*:*", "DISJOINT"],
  ["cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*", "cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*", "EQUAL"],
  ["cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*", "cpe:2.3:h:cisco:asa_5505:1.0:*:*:*:*:*:*:*", "DISJOINT"],
  ["cpe:2.3:h:cisco:asa_5505:*:*:*:*:*:*:*:*", "cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*", "SUPERSET"],
  ["cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*", "cpe:2.3:h:cisco:asa_5505:*:*:*:*:*:*:*:*", "SUBSET"],
  ["cpe:2.3:a:adobe:acrobat:*:*:*:*:*:*:*:*", "cpe:2.3:a:adobe:reader:10:*:*:*:*:*:*:*", "DISJOINT"],
  ["cpe:2.3:a:adobe:acrobat:10:*:*:*:*:*:*:*", "cpe:2.3:a:adobe:acrobat:10:*:*:*:*:windows:*:*", "SUPERSET"],
  ["cpe:2.3:a:adobe:acrobat:10:*:*:*:*:windows:*:*", "cpe:2.3:a:adobe:acrobat:10:*:*:*:*:mac_os:*:*", "DISJOINT"],
  ["cpe:2.3:a:adobe:acrobat:10:*:*:*:*:*:*:*", "cpe:2.3:a:adobe:acrobat:10:*:*:*:*:*:x64:*", "SUPERSET"],
  ["cpe:2.3:a:adobe:acrobat:*:*:*:*:*:*:x64:*", "cpe:2.3:a:adobe:acrobat:10:*:*:*:*:*:*:*", "UNDEFINED"],
  ["cpe:2.3:a:adobe:acrobat:*:*:*:*:*:*:x64:*", "cpe:2.3:a:adobe:acrobat:10:*:*:*:*:*:x64:*", "SUPERSET"],
  [
    "cpe:2.3:a:jenkins:ftp_publisher:*:*:*:*:*:jenkins:*:*",
    "cpe:2.3:a:jenkins:ftp_publisher:*:*:*:*:*:*:*:*",
    "SUBSET",
  ],
  [
    "cpe:2.3:a:oneidentity:syslog-ng:*:*:*:*:-:*:*:*",
    "cpe:2.3:a:oneidentity:syslog-ng:4.7.1:*:*:*:premium:*:*:*",
    "DISJOINT",
  ],
  [
    "cpe:2.3:a:oneidentity:syslog-ng:*:*:*:*:-:*:*:*",
    "cpe:2.3:a:oneidentity:syslog-ng:4.7.1:*:*:*:-:*:*:*",
    "SUPERSET",
  ],
  ["cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*", "EQUAL"],
  [
    "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*",
    "cpe:2.3:a:apache:http_server:2.4.50:*:*:*:*:*:*:*",
    "DISJOINT",
  ],
  ["cpe:2.3:a:apache:http_server:2.4.*:*:*:*:*:*:*:*", "cpe:2.3:a:apache:http_server:2.4.50:*:*:*:*:*:*:*", "SUPERSET"],
  ["cpe:2.3:a:apache:http_server:2.4.*:*:*:*:*:*:*:*", "cpe:2.3:a:apache:http_server:2.4.*:*:*:*:*:*:*:*", "UNDEFINED"],
  [
    "cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*",
    "cpe:2.3:a:apache:http_server:2.4.*:*:*:*:*:*:*:*",
    "UNDEFINED",
  ],
  ["cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:y", "cpe:2.3:a:apache:http_server:2.4.*:*:*:*:*:*:*:x", "DISJOINT"],
  ["cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*", "cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*", "SUPERSET"],
  ["cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*", "cpe:2.3:o:cisco:ios_xe:17.3.1a:*:*:*:*:*:*:*", "DISJOINT"],
  ["cpe:2.3:o:cisco:ios_xe:17.3.1?:*:*:*:*:*:*:*", "cpe:2.3:o:cisco:ios_xe:17.3.1a:*:*:*:*:*:*:*", "SUPERSET"],
  ["cpe:2.3:o:cisco:ios_xe:17.3.1?:*:*:*:*:*:*:*", "cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*", "SUPERSET"],
  ["cpe:2.3:o:cisco:ios_xe:17.3.1?:*:*:*:*:*:*:*", "cpe:2.3:o:cisco:ios_xe:17.3.1ab:*:*:*:*:*:*:*", "DISJOINT"],
  ["cpe:2.3:a:foo\\:bar:p:1:*:*:*:*:*:*:*", "cpe:/a:foo%3abar:p:1", "EQUAL"],
  ["cpe:2.3:a:openbsd:openssh:6.6.1p1:*:*:*:*:*:*:*", "cpe:/a:openbsd:openssh:6.6.1p1", "EQUAL"],
  ["cpe:2.3:a:openbsd:openssh:*:*:*:*:*:*:*:*", "cpe:/a:openbsd:openssh:6.6.1p1", "SUPERSET"],
  ["cpe:2.3:a:openbsd:openssh:-:*:*:*:*:*:*:*", "cpe:/a:openbsd:openssh", "SUBSET"],
];

test(`name comparison combines attribute relations per NISTIR 7696 §6.2 (${NAME_CASES.length} cases)`, () => {
  for (const [source, target, expected] of NAME_CASES) {
    const s = parseCpe(source);
    const t = parseCpe(target);
    const result = compareNames(s, t);
    assert.equal(result.relation, expected, `${source} vs ${target}`);
    assert.equal(
      isCpeSuperset(s, t),
      expected === "SUPERSET" || expected === "EQUAL",
      `superset ${source} vs ${target}`,
    );
  }
  assert.ok(ATTRIBUTE_CASES.length + NAME_CASES.length >= 100);
});

test("the per-attribute relations explain a DISJOINT result", () => {
  const r = compareNames(
    parseCpe("cpe:2.3:a:adobe:acrobat:10:*:*:*:*:windows:*:*"),
    parseCpe("cpe:2.3:a:adobe:acrobat:10:*:*:*:*:mac_os:*:*"),
  );
  assert.equal(r.attributes.target_sw, "DISJOINT");
  assert.equal(r.attributes.vendor, "EQUAL");
  assert.equal(r.attributes.update, "EQUAL");
});

test("hasWildcard tells a quoted star from an unquoted one", () => {
  assert.equal(hasWildcard(v("a\\*")), false);
  assert.equal(hasWildcard(v("a*")), true);
  assert.equal(hasWildcard(v("a\\\\*")), true);
  assert.equal(hasWildcard(v("a\\\\")), false);
  assert.equal(hasWildcard("*"), false);
  assert.equal(hasWildcard("-"), false);
});
