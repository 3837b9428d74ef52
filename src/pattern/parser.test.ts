import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkPattern, type PatternCode, parsePattern } from "./index.js";

/** Grammar conformance: valid patterns from STIX 2.1 §9 and its examples, and invalid ones with their code and column. */

const VALID = [
  "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
  "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']",
  "[file:hashes.'SHA-256' = 'abc' AND file:mime_type = 'application/x-pdf']",
  "([file:hashes.'SHA-256' = 'a' OR file:hashes.MD5 = 'b'] AND [file:mime_type = 'application/x-pdf']) REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com'] REPEATS 5 TIMES WITHIN 1800 SECONDS",
  "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']",
  "[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']",
  "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number = '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']",
  "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files' OR windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\CurrentVersion\\\\Run\\\\CryptoLocker_0388']",
  "[(file:name = 'pdf.exe' OR file:size = 371712) AND file:created = t'2014-01-13T07:03:17Z']",
  "[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']",
  "[x-usb-device:usbdrive.serial_number = '575833314133343231313937']",
  "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$'] WITHIN 300 SECONDS",
  "[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']",
  "([file:name = 'foo.dll'] AND [win-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR [process:name = 'fooproc' OR process:name = 'procfoo']",
  "[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
  "[artifact:payload_bin = b'dGhpcyBpcyBhIHRlc3Q=']",
  "[file:magic_number_hex = h'ffd8']",
  "[file:size IN (1, 2, 3)]",
  "[file:size IN ()]",
  "[file:name NOT IN ('a', 'b')]",
  "[file:size >= -1]",
  "[file:size > +5]",
  "[x-thing:ratio < .5]",
  "[x-thing:ratio < -0.5]",
  "[x-thing:flag = TRUE]",
  "[x-thing:flag = false]",
  "[EXISTS windows-registry-key:values]",
  "[NOT_a_type:x = 1]",
  "[file:name = '']",
  "[file:name = 'ü 😀 \u0000']",
  "[file:name = 'a\\'b\\\\c']",
  "[file:name LIKE '100\\\\%']",
  "  [file:name = 'x']  ",
  "[file:name\n=\n'x']\nFOLLOWEDBY\n[file:name = 'y']",
  "/* comment */ [file:name = 'x'] // trailing",
  "[file:name = 'x'] REPEATS 2 TIMES REPEATS 3 TIMES",
  "[file:name = 'x'] WITHIN 5 SECONDS START t'2020-01-01T00:00:00Z' STOP t'2020-01-02T00:00:00Z'",
  "((([file:name = 'x'])))",
  "[((file:name = 'x'))]",
  "[file:name = 'x'] AND [file:name = 'y'] OR [file:name = 'z'] FOLLOWEDBY [file:name = 'w']",
  "[network-traffic:protocols[0] = 'tcp']",
  "[network-traffic:extensions.'http-request-ext'.request_header.'Accept-Encoding' = 'gzip']",
  "[file:ctime = t'2016-12-31T23:59:60Z']",
  "[file:ctime = t'2020-02-29T00:00:00.123456789Z']",
  "[user-account:account_login <> 'root']",
  "[file:x_custom_prop = 1]",
  "[ipv4-addr:value ISSUPERSET '10.0.0.1']",
  "[file:name MATCHES '(?i)evil']",
];

/** [pattern, code, column] */
const INVALID: [string, PatternCode, number][] = [
  ["", "PATTERN_EMPTY", 1],
  ["   \n ", "PATTERN_EMPTY", 1],
  ["file:name = 'x'", "PATTERN_UNEXPECTED_TOKEN", 1],
  ["[file:name = 'x'", "PATTERN_UNEXPECTED_TOKEN", 17],
  ["[file:name = 'x']]", "PATTERN_UNEXPECTED_TOKEN", 18],
  ["([file:name = 'x']", "PATTERN_UNEXPECTED_TOKEN", 19],
  ["[file:name = 'x'])", "PATTERN_UNEXPECTED_TOKEN", 18],
  ["[]", "PATTERN_UNEXPECTED_TOKEN", 2],
  ["[file:name]", "PATTERN_UNEXPECTED_TOKEN", 11],
  ["[file: = 'x']", "PATTERN_UNEXPECTED_TOKEN", 8],
  ["[file:name == 'x']", "PATTERN_UNEXPECTED_TOKEN", 13],
  ["[file:name = ]", "PATTERN_UNEXPECTED_TOKEN", 14],
  ["[file:name = 'x' AND]", "PATTERN_UNEXPECTED_TOKEN", 21],
  ["[file:name = 'x'] AND", "PATTERN_UNEXPECTED_TOKEN", 22],
  ["[file:name = 'x'] [file:name = 'y']", "PATTERN_UNEXPECTED_TOKEN", 19],
  ["[file:name = 'x'] and [file:name = 'y']", "PATTERN_UNEXPECTED_TOKEN", 19],
  ["[file:name = 'x' and file:size = 1]", "PATTERN_UNEXPECTED_TOKEN", 18],
  ["[file:name like 'x']", "PATTERN_UNEXPECTED_TOKEN", 12],
  ["[file:name = 'x] ", "PATTERN_UNTERMINATED_STRING", 14],
  ['[file:name = "x"]', "PATTERN_UNEXPECTED_CHAR", 14],
  ["[file:name = 'x\\n']", "PATTERN_BAD_ESCAPE", 16],
  ["[file:name = 'x\\t']", "PATTERN_BAD_ESCAPE", 16],
  ["[file:name = '\\u0041']", "PATTERN_BAD_ESCAPE", 15],
  ["[file:hashes.SHA-256 = 'x']", "PATTERN_UNEXPECTED_TOKEN", 14],
  ["[file:size = 01]", "PATTERN_BAD_NUMBER", 14],
  ["[file:size = 1.]", "PATTERN_BAD_NUMBER", 14],
  ["[file:size = 1x]", "PATTERN_BAD_NUMBER", 14],
  ["[file:size = -]", "PATTERN_BAD_NUMBER", 14],
  ["[file:magic_number_hex = h'abc']", "PATTERN_BAD_HEX", 26],
  ["[file:magic_number_hex = h'zz']", "PATTERN_BAD_HEX", 26],
  ["[artifact:payload_bin = b'abc']", "PATTERN_BAD_BINARY", 25],
  ["[artifact:payload_bin = b'ab$=']", "PATTERN_BAD_BINARY", 25],
  ["[file:ctime = t'2020-13-01T00:00:00Z']", "PATTERN_BAD_TIMESTAMP", 15],
  ["[file:ctime = t'2019-02-29T00:00:00Z']", "PATTERN_BAD_TIMESTAMP", 15],
  ["[file:ctime = t'2020-01-01 00:00:00Z']", "PATTERN_BAD_TIMESTAMP", 15],
  ["[file:ctime = t'2020-01-01T00:00:00z']", "PATTERN_BAD_TIMESTAMP", 15],
  ["[file:ctime = t'2020-01-01T00:00:00+01:00']", "PATTERN_BAD_TIMESTAMP", 15],
  ["[file:ctime = t'2020-01-01T24:00:00Z']", "PATTERN_BAD_TIMESTAMP", 15],
  ["[file:name = 'x'] REPEATS 0 TIMES", "PATTERN_BAD_QUALIFIER", 27],
  ["[file:name = 'x'] REPEATS -1 TIMES", "PATTERN_BAD_QUALIFIER", 27],
  ["[file:name = 'x'] REPEATS 1.5 TIMES", "PATTERN_UNEXPECTED_TOKEN", 27],
  ["[file:name = 'x'] REPEATS 2", "PATTERN_UNEXPECTED_TOKEN", 28],
  ["[file:name = 'x'] WITHIN 0 SECONDS", "PATTERN_BAD_QUALIFIER", 26],
  ["[file:name = 'x'] WITHIN 5 MINUTES", "PATTERN_UNEXPECTED_TOKEN", 28],
  ["[file:name = 'x'] WITHIN SECONDS", "PATTERN_UNEXPECTED_TOKEN", 26],
  ["[file:name = 'x'] START '2020-01-01T00:00:00Z' STOP '2020-01-02T00:00:00Z'", "PATTERN_UNEXPECTED_TOKEN", 25],
  ["[file:name = 'x'] START t'2020-01-01T00:00:00Z'", "PATTERN_UNEXPECTED_TOKEN", 48],
  ["[network-traffic:protocols[-1] = 'tcp']", "PATTERN_BAD_INDEX", 28],
  ["[network-traffic:protocols[a] = 'tcp']", "PATTERN_UNEXPECTED_TOKEN", 28],
  ["[file:size IN (1, 'a')]", "PATTERN_MIXED_SET", 19],
  ["[file:size IN (1 2)]", "PATTERN_UNEXPECTED_TOKEN", 18],
  ["[file:size IN 1]", "PATTERN_UNEXPECTED_TOKEN", 15],
  ["[file:name LIKE 5]", "PATTERN_UNEXPECTED_TOKEN", 17],
  ["[file:name MATCHES h'00']", "PATTERN_UNEXPECTED_TOKEN", 20],
  ["[x-t:flag > true]", "PATTERN_UNEXPECTED_TOKEN", 13],
  ["[file:name MATCHES '(a']", "PATTERN_BAD_REGEX", 20],
  ["[file:name MATCHES '(a)\\\\1']", "PATTERN_BAD_REGEX", 20],
  ["[file:name MATCHES '(?=a)']", "PATTERN_BAD_REGEX", 20],
  ["[ipv4-addr:value ISSUBSET '10.0.0.0/33']", "PATTERN_BAD_CIDR", 27],
  ["[ipv4-addr:value ISSUBSET '10.0.0/8']", "PATTERN_BAD_CIDR", 27],
  ["[ipv6-addr:value ISSUBSET '2001:db8:::/32']", "PATTERN_BAD_CIDR", 27],
  ["[ipv4-addr:value ISSUPERSET 'example.com']", "PATTERN_BAD_CIDR", 29],
  ["[file:size = 'big']", "PATTERN_TYPE_MISMATCH", 14],
  ["[file:size > t'2020-01-01T00:00:00Z']", "PATTERN_TYPE_MISMATCH", 14],
  ["[file:name = 5]", "PATTERN_TYPE_MISMATCH", 14],
  ["[file:name > t'2020-01-01T00:00:00Z']", "PATTERN_TYPE_MISMATCH", 14],
  ["[process:is_hidden = 1]", "PATTERN_TYPE_MISMATCH", 22],
  ["[process:pid IN ('1', '2')]", "PATTERN_TYPE_MISMATCH", 18],
  ["[process:pid LIKE '1%']", "PATTERN_TYPE_MISMATCH", 19],
  ["[network-traffic:dst_port ISSUBSET '10.0.0.0/8']", "PATTERN_TYPE_MISMATCH", 36],
  ["[file:name = 'x'] /* open comment", "PATTERN_UNEXPECTED_TOKEN", 19],
  ["[file:name = 'x'] FOLLOWEDBY", "PATTERN_UNEXPECTED_TOKEN", 29],
  ["[file:name = 'x'\n AND file:size = ]", "PATTERN_UNEXPECTED_TOKEN", 18],
];

describe("valid patterns (STIX 2.1 §9 examples and grammar corners)", () => {
  for (const p of VALID) {
    test(p, () => {
      const r = checkPattern(p);
      assert.deepEqual(r.errors, [], JSON.stringify(r.errors));
      assert.equal(r.valid, true);
    });
  }
});

describe("invalid patterns give a code and a position", () => {
  for (const [p, code, column] of INVALID) {
    test(`${code} at ${column}: ${JSON.stringify(p)}`, () => {
      const r = checkPattern(p);
      assert.equal(r.valid, false);
      const e = r.errors[0]!;
      assert.equal(e.code, code, e.message);
      assert.equal(e.column, column, e.message);
      assert.match(e.message, /\(\d+:\d+\)$/);
    });
  }
});

describe("error details", () => {
  test("errors on later lines report line and column", () => {
    const e = checkPattern("[file:name = 'x'\n AND file:size = ]").errors[0]!;
    assert.deepEqual([e.line, e.column, e.offset], [2, 18, 34]);
    assert.match(e.message, /expected a literal, found '\]' \(2:18\)/);
  });
  test("the message says what was expected", () => {
    assert.match(checkPattern("[file:name = 'x'").errors[0]!.message, /expected '\]', found the end of the pattern/);
  });
});

describe("precedence and shape of the tree", () => {
  test("observation AND binds tighter than OR, OR tighter than FOLLOWEDBY", () => {
    const t = parsePattern("[a:b = 1] AND [a:b = 2] OR [a:b = 3] FOLLOWEDBY [a:b = 4]");
    assert.equal(t.kind, "followedby");
    if (t.kind !== "followedby") return;
    assert.equal(t.operands[0]!.kind, "obs-or");
    const or = t.operands[0]!;
    assert.ok(or.kind === "obs-or" && or.operands[0]!.kind === "obs-and");
  });
  test("comparison AND binds tighter than OR", () => {
    const t = parsePattern("[a:b = 1 OR a:b = 2 AND a:c = 3]");
    assert.ok(t.kind === "observation" && t.comparison.kind === "or" && t.comparison.operands[1]!.kind === "and");
  });
  test("a long chain is one n-ary node", () => {
    const t = parsePattern(Array.from({ length: 5000 }, (_, i) => `[a:b = ${i}]`).join(" OR "));
    assert.ok(t.kind === "obs-or" && t.operands.length === 5000);
  });
  test("qualifiers chain onto the expression before them", () => {
    const t = parsePattern("[a:b = 1] REPEATS 2 TIMES WITHIN 5 SECONDS");
    assert.ok(t.kind === "qualified" && t.qualifier.kind === "within" && t.operand.kind === "qualified");
  });
  test("escapes decode and quoted keys keep their text", () => {
    const t = parsePattern("[file:hashes.'SHA-256' = 'a\\'b\\\\c']");
    assert.ok(t.kind === "observation" && t.comparison.kind === "test");
    if (t.kind !== "observation" || t.comparison.kind !== "test") return;
    assert.deepEqual(t.comparison.path.steps, [
      { kind: "key", name: "hashes" },
      { kind: "key", name: "SHA-256" },
    ]);
    assert.equal(t.comparison.value!.value, "a'b\\c");
  });
});

describe("semantic warnings (custom objects are legal)", () => {
  const codes = (p: string) => checkPattern(p).warnings.map((w) => w.code);
  test("unknown object type", () =>
    assert.deepEqual(codes("[x-acme:colour = 'red']"), ["PATTERN_UNKNOWN_OBJECT_TYPE"]));
  test("unknown property", () => assert.deepEqual(codes("[file:colour = 'red']"), ["PATTERN_UNKNOWN_PROPERTY"]));
  test("x_ custom property is fine", () => assert.deepEqual(codes("[file:x_colour = 'red']"), []));
  test("AND across types", () =>
    assert.deepEqual(codes("[file:name = 'a' AND url:value = 'b']"), ["PATTERN_AND_MIXED_TYPES"]));
  test("string for a timestamp", () =>
    assert.deepEqual(codes("[file:ctime = '2020-01-01T00:00:00Z']"), ["PATTERN_STRING_FOR_TIMESTAMP"]));
  test("START not before STOP is evaluated, with a warning (as the reference matcher)", () => {
    for (const [start, stop] of [
      ["2020-01-02T00:00:00Z", "2020-01-01T00:00:00Z"],
      ["2020-01-01T00:00:00Z", "2020-01-01T00:00:00.000Z"],
    ]) {
      const r = checkPattern(`[file:name = 'x'] START t'${start}' STOP t'${stop}'`);
      assert.equal(r.valid, true);
      assert.deepEqual(
        r.warnings.map((w) => [w.code, w.column]),
        [["PATTERN_EMPTY_INTERVAL", 19]],
      );
    }
  });
  test("known paths warn nothing", () => assert.deepEqual(codes("[network-traffic:dst_ref.value = '1.2.3.4']"), []));
});
