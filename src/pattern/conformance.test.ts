import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compilePattern, type PatternCode, type PatternError, prepareObservations } from "./index.js";
import { INPUT_20, INPUT_21 } from "./pattern-fixture.js";

/**
 * Match / no-match conformance table, written from STIX 2.1 §9 (patterning) and its examples,
 * run against the same observations in the 2.1 form and the deprecated `objects` form, through
 * both the boolean path (`matches`) and the binding path (`match`).
 */

const MATCH: [string, boolean][] = [
  // §9.4 equality and inequality
  ["[ipv4-addr:value = '198.51.100.7']", true],
  ["[ipv4-addr:value = '198.51.100.8']", false],
  ["[ipv4-addr:value != '198.51.100.7']", true], // other ipv4-addr objects differ
  ["[domain-name:value != 'example.com']", true],
  ["[software:name != 'Word']", false],
  ["[software:name NOT = 'Word']", false],
  ["[software:name NOT != 'Word']", true],
  ["[software:name = 'word']", false], // case-sensitive
  ["[file:size = 25536]", true],
  ["[file:size = 25536.0]", true],
  ["[x-acme-widget:count = '3']", false], // a number never equals a string
  ["[file:size != 1]", true],
  ["[process:is_hidden = true]", true],
  ["[process:is_hidden = false]", false],
  ["[x-acme-widget:count = true]", false], // booleans never equal numbers
  ["[network-traffic:is_active = false]", true],
  ["[user-account:account_login = 'o\\'brien']", true], // escaped quote
  ["[directory:path = 'C:\\\\Windows\\\\Temp']", true], // escaped backslashes
  ["[directory:path = 'C:\\\\Windows\\\\temp']", false],
  ["[email-addr:display_name = 'Alice Ñandú']", true], // Unicode
  ["[x-acme-widget:colour = '\u1e0d\u0307 ünïcödé 😀']", true],
  ["[x-acme-widget:colour = 'd\u0323\u0307 ünïcödé 😀']", false], // = does not normalize (reference matcher)
  ["[x-acme-widget:count = 3]", true],
  ["[software:nonexistent = 'x']", false],
  ["[software:nonexistent != 'x']", false], // absent properties satisfy nothing
  ["[software:nonexistent NOT = 'x']", false],
  // §9.4 ordering
  ["[file:size > 25535]", true],
  ["[file:size > 25536]", false],
  ["[file:size >= 25536]", true],
  ["[file:size < 25537]", true],
  ["[file:size < 25536]", true], // x.dll is 10 bytes
  ["[file:size < 10]", false],
  ["[file:size <= 25536]", true],
  ["[file:size NOT < 100]", true],
  ["[file:size > 25535.5]", true],
  ["[file:size > -1]", true],
  ["[network-traffic:dst_port >= 443 AND network-traffic:dst_port <= 443]", true],
  ["[network-traffic:dst_port > 443 OR network-traffic:dst_port < 443]", false],
  ["[software:name > 'Vord']", true],
  ["[software:name < 'Word']", false],
  ["[software:name <= 'Word']", true],
  ["[x-acme-widget:colour > 5]", false], // string vs number never ordered
  ["[x-acme-widget:colour NOT > 5]", true], // NOT of an impossible comparison holds
  ["[x-acme-widget:colour < '\uffff']", true], // code point order: U+1E0D < U+FFFF
  ["[x-acme-widget:colour < '\u1e0d']", false],
  // timestamps
  ["[file:ctime = t'2020-01-01T00:00:00.123Z']", true],
  ["[file:ctime = t'2020-01-01T00:00:00.123000Z']", true],
  ["[file:ctime > t'2020-01-01T00:00:00Z']", true],
  ["[file:ctime < t'2020-01-01T00:00:00.124Z']", true],
  ["[file:ctime < t'2020-01-01T00:00:00.1229Z']", false],
  ["[file:ctime IN (t'2019-01-01T00:00:00Z', t'2020-01-01T00:00:00.123Z')]", true],
  // IN
  ["[ipv4-addr:value IN ('1.1.1.1', '198.51.100.7')]", true],
  ["[ipv4-addr:value IN ('1.1.1.1', '2.2.2.2')]", false],
  ["[ipv4-addr:value NOT IN ('1.1.1.1')]", true],
  ["[file:size IN (1, 2, 25536)]", true],
  ["[file:size IN (1, 2.5)]", false],
  ["[x-acme-widget:count IN ('3')]", false],
  ["[process:is_hidden IN (true)]", true],
  ["[software:name IN ()]", false],
  ["[software:name NOT IN ()]", true],
  // LIKE (§9.4: % any run, _ one character)
  ["[file:name LIKE 'evil%']", true],
  ["[file:name LIKE '%.exe']", true],
  ["[file:name LIKE '%vil%']", true],
  ["[file:name LIKE 'evil.ex_']", true],
  ["[file:name LIKE 'evil.e_']", false],
  ["[file:name LIKE 'evil.exe']", true],
  ["[file:name LIKE 'EVIL%']", false],
  ["[file:name LIKE '%']", true],
  ["[file:name LIKE '_%_%.exe']", true],
  ["[file:name LIKE '%e%e%e%']", true],
  ["[file:name LIKE '%e%e%e%e%']", false],
  ["[file:name LIKE 'evil_exe']", true], // '_' matches the dot
  ["[file:name NOT LIKE '%.dll']", true],
  ["[x-acme-widget:count LIKE '%']", false], // non-strings never match LIKE
  ["[x-acme-widget:colour LIKE 'd\u0323\u0307%']", true], // LIKE normalizes NFC
  ["[x-acme-widget:colour LIKE '% ünïcödé _']", true], // '_' is one code point (the emoji)
  ["[url:value LIKE 'https://example.com/%']", true],
  // MATCHES (§9.4, PCRE subset run by RE2)
  ["[file:name MATCHES '^evil\\\\.exe$']", true],
  ["[file:name MATCHES 'vil']", true], // search, not full match
  ["[file:name MATCHES '^vil']", false],
  ["[file:name MATCHES '(?i)^EVIL']", true],
  ["[file:name NOT MATCHES '\\\\.dll$']", true],
  ["[url:value MATCHES '^https?://[a-z.]+/download/']", true],
  ["[x-acme-widget:count MATCHES '3']", false],
  ["[x-acme-widget:colour MATCHES '^d\u0323\u0307']", true],
  ["[artifact:payload_bin MATCHES '^MZ']", true], // binary values are matched byte-wise
  ["[file:magic_number_hex MATCHES '^MZ$']", true],
  // ISSUBSET / ISSUPERSET (§9.4, IPv4 and IPv6)
  ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", true],
  ["[ipv4-addr:value ISSUBSET '198.51.101.0/24']", false],
  ["[ipv4-addr:value ISSUBSET '198.51.100.7/32']", true],
  ["[ipv4-addr:value ISSUBSET '0.0.0.0/0']", true],
  ["[ipv4-addr:value ISSUBSET '10.0.0.0/8']", true],
  ["[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", true],
  ["[ipv4-addr:value ISSUPERSET '198.51.100.7']", true],
  ["[ipv4-addr:value ISSUPERSET '198.51.100.0/24']", false],
  ["[ipv6-addr:value ISSUBSET '2001:db8::/32']", true],
  ["[ipv6-addr:value ISSUBSET '2001:db9::/32']", false],
  ["[ipv6-addr:value ISSUBSET '2001:0db8:0000:0000:0000:0000:0000:0000/127']", true],
  ["[ipv6-addr:value ISSUBSET '198.51.100.0/24']", false], // families never mix
  ["[ipv6-addr:value ISSUPERSET '2001:db8::1']", true],
  ["[network-traffic:dst_ref.value ISSUBSET '2001:db8::/64']", true],
  ["[network-traffic:src_ref.value ISSUBSET '198.51.100.0/25']", true],
  ["[network-traffic:src_ref.value ISSUBSET '198.51.100.128/25']", false],
  // EXISTS
  ["[EXISTS file:hashes.MD5]", true],
  ["[EXISTS file:hashes.'SHA-1']", false],
  ["[EXISTS user-account:is_privileged]", true],
  ["[EXISTS software:nothing]", false],
  // object paths: nested, quoted keys, hashes, indexes, [*], refs (§9.3)
  ["[file:hashes.'SHA-256' = 'fe90a7e910cb3a4739bed9180e807e93fa70c90f25a8915476f5e4bfbac681db']", true],
  ["[file:hashes.MD5 = '3773a88f65a5e780c8dff9cdc3a056f3']", true],
  ["[file:hashes.md5 = '3773a88f65a5e780c8dff9cdc3a056f3']", false], // keys are case-sensitive
  ["[file:extensions.'windows-pebinary-ext'.pe_type = 'exe']", true],
  ["[file:extensions.'windows-pebinary-ext'.sections[0].name = '.text']", true],
  ["[file:extensions.'windows-pebinary-ext'.sections[1].name = '.text']", false],
  ["[file:extensions.'windows-pebinary-ext'.sections[2].name = '.text']", false],
  ["[file:extensions.'windows-pebinary-ext'.sections[*].name = '.data']", true],
  ["[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", true],
  ["[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 8]", false],
  ["[network-traffic:protocols[*] = 'tcp']", true],
  ["[network-traffic:protocols[0] = 'ipv6']", true],
  ["[network-traffic:protocols[1] = 'ipv6']", false],
  ["[network-traffic:protocols[*] = 'udp']", false],
  ["[network-traffic:protocols = 'tcp']", false], // a list is not its element
  ["[windows-registry-key:values[*].name = 'Updater']", true],
  ["[network-traffic:dst_ref.value = '2001:db8::1']", true],
  ["[network-traffic:src_ref.value = '198.51.100.7']", true],
  ["[network-traffic:src_ref.type = 'ipv4-addr']", true],
  ["[network-traffic:dst_ref.type = 'ipv4-addr']", false],
  ["[domain-name:resolves_to_refs[*].value = '198.51.100.7']", true],
  ["[domain-name:resolves_to_refs[0].value = '198.51.100.7']", true],
  ["[process:image_ref.name = 'evil.exe']", true],
  ["[process:image_ref.parent_directory_ref.path = 'C:\\\\Windows\\\\Temp']", true],
  ["[process:image_ref.hashes.MD5 = '3773a88f65a5e780c8dff9cdc3a056f3']", true],
  // binary and hex (§9.4: strings with code points < 256 compare with binary)
  ["[file:magic_number_hex = h'4d5a']", true],
  ["[file:magic_number_hex = h'4D5A']", true],
  ["[file:magic_number_hex = h'4d5b']", false],
  ["[file:magic_number_hex = 'MZ']", true],
  ["[file:magic_number_hex = b'TVo=']", true],
  ["[file:magic_number_hex > h'4d']", true],
  ["[artifact:payload_bin = b'TVqQAAMAAAAEAAAA']", true],
  ["[artifact:payload_bin = h'4d5a90000300000004000000']", true],
  ["[artifact:payload_bin = b'TVqQAAMAAAAEAAAB']", false],
  // comparison AND / OR: the same object must satisfy every AND (§9.5)
  ["[file:name = 'evil.exe' AND file:size = 25536]", true],
  ["[file:name = 'evil.exe' AND file:size = 10]", false],
  ["[file:name = 'x.dll' AND file:size = 25536]", false], // two files, no one file has both
  ["[file:name = 'x.dll' OR file:size = 25536]", true],
  ["[file:name = 'nope' OR file:size = 1]", false],
  ["[file:name = 'evil.exe' AND (file:size = 1 OR file:size = 25536)]", true],
  ["[file:name = 'evil.exe' AND file:size = 1 OR file:size = 25536]", true], // AND binds tighter
  ["[file:size = 1 OR file:name = 'nope' AND file:size = 25536]", false],
  ["[ipv4-addr:value = '198.51.100.7' AND domain-name:value = 'example.com']", false], // different objects
  ["[ipv4-addr:value = '198.51.100.7' OR domain-name:value = 'nope']", true],
  // observation operators (§9.6): AND needs distinct observations
  ["[ipv4-addr:value = '198.51.100.7'] AND [domain-name:value = 'example.com']", false], // one observed-data, seen once
  ["[ipv4-addr:value = '10.0.0.1'] AND [domain-name:value = 'example.com']", true],
  ["[ipv4-addr:value = '10.0.0.1'] AND [ipv4-addr:value = '10.0.0.1']", false],
  ["[file:name = 'x.dll'] AND [file:name = 'x.dll']", true], // number_observed 3
  ["[file:name = 'x.dll'] AND [file:name = 'x.dll'] AND [file:name = 'x.dll']", true],
  ["[file:name = 'x.dll'] AND [file:name = 'x.dll'] AND [file:name = 'x.dll'] AND [file:name = 'x.dll']", false],
  ["[ipv4-addr:value = '10.0.0.1'] OR [domain-name:value = 'nope']", true],
  ["[ipv4-addr:value = 'nope'] OR [domain-name:value = 'nope']", false],
  ["([ipv4-addr:value = '10.0.0.1'] OR [mutex:name = 'm']) AND [domain-name:value = 'evil.example']", true],
  ["[ipv4-addr:value = '10.0.0.1'] AND [domain-name:value = 'evil.example'] OR [mutex:name = 'm']", true],
  ["[mutex:name = 'm'] AND [domain-name:value = 'evil.example'] OR [mutex:name = 'm']", false],
  // FOLLOWEDBY: right side not earlier than the left side
  ["[ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [domain-name:value = 'evil.example']", true],
  ["[domain-name:value = 'evil.example'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.1']", false],
  [
    "[file:name = 'evil.exe'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [domain-name:value = 'evil.example']",
    true,
  ],
  [
    "[file:name = 'evil.exe'] FOLLOWEDBY [domain-name:value = 'evil.example'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.1']",
    false,
  ],
  ["[ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [file:name = 'x.dll']", true], // x.dll spans 5s-20s: can be at 10s
  ["[domain-name:value = 'evil.example'] FOLLOWEDBY [file:name = 'x.dll']", false],
  ["[file:name = 'x.dll'] FOLLOWEDBY [file:name = 'x.dll']", true],
  ["[ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [ipv4-addr:value = '10.0.0.1']", false], // needs two observations
  // WITHIN (§9.7): all observations fit in the window; touching counts
  ["([ipv4-addr:value = '10.0.0.1'] AND [domain-name:value = 'evil.example']) WITHIN 50 SECONDS", true],
  ["([ipv4-addr:value = '10.0.0.1'] AND [domain-name:value = 'evil.example']) WITHIN 49.9 SECONDS", false],
  ["([ipv4-addr:value = '10.0.0.1'] AND [domain-name:value = 'evil.example']) WITHIN 49 SECONDS", false],
  ["([file:name = 'evil.exe'] AND [domain-name:value = 'evil.example']) WITHIN 60 SECONDS", true],
  ["([file:name = 'evil.exe'] AND [domain-name:value = 'evil.example']) WITHIN 59 SECONDS", false],
  ["([file:name = 'evil.exe'] AND [file:name = 'x.dll']) WITHIN 5 SECONDS", true],
  ["([file:name = 'evil.exe'] AND [file:name = 'x.dll']) WITHIN 4 SECONDS", false],
  ["([file:name = 'evil.exe'] AND [ipv4-addr:value = '203.0.113.9']) WITHIN 86400 SECONDS", true],
  ["([file:name = 'evil.exe'] AND [ipv4-addr:value = '203.0.113.9']) WITHIN 86399 SECONDS", false],
  ["[ipv4-addr:value = '10.0.0.1'] WITHIN 1 SECONDS", true],
  ["([ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [domain-name:value = 'evil.example']) WITHIN 60 SECONDS", true],
  ["([ipv4-addr:value = '10.0.0.1'] FOLLOWEDBY [domain-name:value = 'evil.example']) WITHIN 10 SECONDS", false],
  // REPEATS (§9.7): number_observed counts
  ["[file:name = 'x.dll'] REPEATS 3 TIMES", true],
  ["[file:name = 'x.dll'] REPEATS 4 TIMES", false],
  ["[file:name = 'x.dll'] REPEATS 1 TIMES", true],
  ["[ipv4-addr:value = '10.0.0.1'] REPEATS 2 TIMES", false],
  ["[ipv4-addr:value ISSUBSET '0.0.0.0/0'] REPEATS 3 TIMES", true], // three observed-data hold IPv4 addresses
  ["[ipv4-addr:value ISSUBSET '0.0.0.0/0'] REPEATS 4 TIMES", false],
  ["[ipv4-addr:value ISSUBSET '0.0.0.0/0'] REPEATS 2 TIMES WITHIN 10 SECONDS", true],
  ["[ipv4-addr:value ISSUBSET '0.0.0.0/0'] REPEATS 3 TIMES WITHIN 10 SECONDS", false],
  ["[file:name = 'x.dll'] REPEATS 3 TIMES WITHIN 1 SECONDS", true], // one observed-data, 3 times within its span
  ["([file:name = 'x.dll'] REPEATS 2 TIMES) AND [file:name = 'x.dll']", true],
  ["([file:name = 'x.dll'] REPEATS 3 TIMES) AND [file:name = 'x.dll']", false],
  // START / STOP (§9.7): stop is exclusive
  ["[ipv4-addr:value = '10.0.0.1'] START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T00:00:11Z'", true],
  ["[ipv4-addr:value = '10.0.0.1'] START t'2020-01-01T00:00:10Z' STOP t'2020-01-01T00:00:11Z'", true],
  ["[ipv4-addr:value = '10.0.0.1'] START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T00:00:10Z'", false],
  ["[ipv4-addr:value = '10.0.0.1'] START t'2020-01-01T00:00:11Z' STOP t'2020-01-02T00:00:00Z'", false],
  ["[file:name = 'x.dll'] START t'2020-01-01T00:00:15Z' STOP t'2020-01-01T00:00:16Z'", true], // overlaps its span
  ["[ipv4-addr:value ISSUBSET '0.0.0.0/0'] START t'2020-01-01T12:00:00Z' STOP t'2020-01-03T00:00:00Z'", true],
  [
    "([ipv4-addr:value = '10.0.0.1'] AND [ipv4-addr:value = '203.0.113.9']) START t'2020-01-01T00:00:00Z' STOP t'2020-01-01T23:59:59Z'",
    false,
  ],
  [
    "([ipv4-addr:value = '10.0.0.1'] AND [ipv4-addr:value = '203.0.113.9']) START t'2020-01-01T00:00:00Z' STOP t'2020-01-02T00:00:01Z'",
    true,
  ],
  // custom objects and properties are matched like any other
  ["[x-acme-widget:count > 2 AND x-acme-widget:colour LIKE '%😀']", true],
  ["[x-other:thing = 1]", false],
];

/**
 * The families where the OASIS reference matcher (cti-pattern-matcher, tests test_binary,
 * test_timestamps, test_basic_ops, test_temporal_qualifiers) decides what the spec leaves open,
 * on the x-family object: a code is an error raised while matching, as the reference raises one.
 */
const TS = "t'2010-05-21T13:21:43Z'";
const FAMILIES: [string, boolean | PatternCode][] = [
  // LIKE over bytes: the bytes are read as UTF-8 when the operand is all below U+0100
  ["[x-family:name_bin LIKE '%alice%']", true],
  ["[x-family:name_bin LIKE 'alice']", true],
  ["[x-family:name_hex LIKE 'al_ce']", true],
  ["[x-family:name_bin NOT LIKE '%aardvark%']", true],
  ["[x-family:name_bin LIKE '\u0103lice']", false], // an operand beyond U+00FF never matches bytes
  ["[x-family:name_bin NOT LIKE '%\u0103lice%']", true],
  ["[x-family:name_u LIKE '\u0103lice']", true],
  ["[x-family:ff_bin LIKE '%']", false], // bytes that are not UTF-8
  ["[x-family:count LIKE '%']", false],
  // MATCHES over bytes: the expression runs over the bytes when it is all below U+0100
  ["[x-family:name_hex MATCHES '\\\\x61li[c\\\\x01]e']", true],
  ["[x-family:name_bin NOT MATCHES '\\\\x62o[b\\\\x01]']", true],
  ["[x-family:name_bin MATCHES '\u0103lice']", false],
  ["[x-family:name_bin NOT MATCHES '\u0103lice']", true],
  ["[x-family:bin_hex MATCHES '.*\\\\x03']", true],
  ["[x-family:ff_bin MATCHES '^\\\\xff$']", true],
  ["[x-family:name_hex = '\u0103lice']", false],
  // a t'..' literal: a string must be a timestamp (an error otherwise); other types never equal
  [`[x-family:seen = ${TS}]`, true],
  [`[x-family:seen_list[0] > ${TS}]`, true],
  [`[x-family:seen IN (t'2001-01-01T00:00:00Z', ${TS})]`, true],
  [`[x-family:name = ${TS}]`, "PATTERN_NOT_A_TIMESTAMP"],
  [`[x-family:name != ${TS}]`, "PATTERN_NOT_A_TIMESTAMP"],
  [`[x-family:name NOT > ${TS}]`, "PATTERN_NOT_A_TIMESTAMP"],
  [`[x-family:bad_seen < ${TS}]`, "PATTERN_NOT_A_TIMESTAMP"], // no Z
  [`[x-family:tags[0] IN (${TS})]`, "PATTERN_NOT_A_TIMESTAMP"],
  [`[x-family:count != ${TS}]`, true],
  [`[x-family:count = ${TS}]`, false],
  [`[x-family:name_hex != ${TS}]`, true], // bytes are not a string
  [`[x-family:nested != ${TS}]`, true],
  // START not before STOP is evaluated: nothing falls in [START, STOP)
  ["[file:name = 'x.dll'] START t'2020-01-01T00:00:15Z' STOP t'2020-01-01T00:00:16Z'", true],
  ["[file:name = 'x.dll'] START t'2020-01-01T00:00:15Z' STOP t'2020-01-01T00:00:15Z'", false],
  ["[file:name = 'x.dll'] START t'2020-01-01T00:00:15Z' STOP t'2020-01-01T00:00:10Z'", false], // inside x.dll's span
  ["[x-family:count = 5] START t'2020-01-04T00:00:00Z' STOP t'2020-01-02T00:00:00Z'", false],
  ["([file:name = 'x.dll'] START t'2020-01-01T00:00:15Z' STOP t'2020-01-01T00:00:10Z') OR [x-family:count = 5]", true],
  [
    "([file:name = 'x.dll'] START t'2020-01-01T00:00:15Z' STOP t'2020-01-01T00:00:10Z') AND [x-family:count = 5]",
    false,
  ],
  // list steps over values that are not lists select nothing (so NOT selects nothing either)
  ["[x-family:name[0] = 'a']", false],
  ["[x-family:name[0] NOT = 'a']", false],
  ["[x-family:name[*] = 'alice']", false],
  ["[x-family:count[0] = 5]", false],
  ["[x-family:nested[0] = 'v']", false],
  ["[x-family:nested[*] = 'v']", false],
  ["[x-family:tags.length = 2]", false], // a key over a list
  ["[x-family:tags[1] = 'b']", true],
  ["[x-family:tags[2] = 'b']", false],
  ["[x-family:matrix[1][0] = 3]", true],
  ["[x-family:matrix[0][5] = 3]", false],
  ["[x-family:mixed[*].k = 'v']", true],
  ["[x-family:mixed[1][0] = 't']", false],
  ["[x-family:mixed[0].k NOT = 'v']", false],
  ["[EXISTS x-family:mixed[2].k]", true],
  // references: one that resolves is followed; one of the wrong type is an error
  ["[x-family:self_ref.name = 'alice']", true],
  ["[x-family:self_ref.tags[0] = 'a']", true],
  ["[x-family:owner_ref.name = 'alice']", "PATTERN_BAD_REFERENCE"],
  ["[EXISTS x-family:owner_ref]", "PATTERN_BAD_REFERENCE"],
  ["[x-family:peer_refs[0].name = 'alice']", "PATTERN_BAD_REFERENCE"],
  ["[x-family:friend_refs[*].name = 'alice']", "PATTERN_BAD_REFERENCE"],
];

for (const [form, input] of [
  ["2.1 object_refs", INPUT_21],
  ["deprecated objects", INPUT_20],
] as const) {
  describe(`conformance table (${form} form)`, () => {
    const set = prepareObservations(input);
    for (const [pattern, expected] of MATCH) {
      test(`${expected ? "matches" : "does not match"}: ${pattern}`, () => {
        const compiled = compilePattern(pattern);
        assert.equal(compiled.matches(set), expected, "boolean path");
        assert.equal(compiled.match(set).matched, expected, "binding path");
      });
    }
  });
}

for (const [form, input] of [
  ["2.1 object_refs form", INPUT_21],
  ["deprecated objects form", INPUT_20],
] as const) {
  describe(`reference matcher families (${form})`, () => {
    const set = prepareObservations(input);
    for (const [pattern, expected] of FAMILIES) {
      if (typeof expected === "boolean") {
        test(`${expected ? "matches" : "does not match"}: ${pattern}`, () => {
          const compiled = compilePattern(pattern);
          assert.equal(compiled.matches(set), expected, "boolean path");
          assert.equal(compiled.match(set).matched, expected, "binding path");
        });
        continue;
      }
      test(`${expected} while matching: ${pattern}`, () => {
        const compiled = compilePattern(pattern);
        const at = expected === "PATTERN_NOT_A_TIMESTAMP" ? pattern.indexOf("t'") : pattern.indexOf("x-family:");
        for (const run of [() => compiled.matches(set), () => compiled.match(set)]) {
          assert.throws(run, (e: PatternError) => e.code === expected && e.issue.offset === at);
        }
      });
    }
  });
}
