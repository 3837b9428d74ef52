import assert from "node:assert/strict";
import { test } from "node:test";
import { extractTerms, foldTerm, MAX_TERM, patternLiterals, termRange, termsOf } from "./terms.js";

const ID = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

test("pattern literals: strings unescaped, property names, timestamps, hex and binary left out", () => {
  assert.deepEqual(
    patternLiterals(
      "[file:name = 'it\\'s.exe' AND file:hashes.'SHA-256' = 'ab12'] WITHIN 5 SECONDS START t'2020-01-01T00:00:00Z' STOP t'2021-01-01T00:00:00Z' AND [x:y = h'ff' OR x:z = b'AAA=']",
    ),
    ["it's.exe", "ab12"],
  );
});

test("terms of an indicator, an actor, a technique and a report", () => {
  assert.deepEqual(
    extractTerms(
      JSON.stringify({
        type: "indicator",
        name: "Malicious URL",
        pattern: "[url:value = 'https://Mal.Example.com/x?a=1']",
        created_by_ref: "identity--1e8e7a6e-5a0c-4c4e-9c5e-0c1b2b3c4d5e",
        object_marking_refs: ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
      }),
    ),
    ["https://mal.example.com/x?a=1", "mal.example.com", "malicious url", "malicious", "url"],
  );
  assert.deepEqual(
    extractTerms(JSON.stringify({ type: "intrusion-set", name: "Guacamaya", aliases: ["Guacamayá Hackers"] })),
    ["guacamaya", "guacamaya hackers", "hackers"],
  );
  assert.deepEqual(
    extractTerms(
      JSON.stringify({
        type: "attack-pattern",
        name: "Phishing",
        external_references: [{ source_name: "mitre-attack", external_id: "T1566" }, { source_name: "x" }],
      }),
    ),
    ["phishing", "t1566"],
  );
  assert.deepEqual(extractTerms(JSON.stringify({ type: "report", object_refs: [ID, "not-an-id"] })), [ID]);
  assert.deepEqual(extractTerms(JSON.stringify({ type: "sighting", sighting_of_ref: ID })), [ID]);
  assert.deepEqual(extractTerms(JSON.stringify({ type: "file", hashes: { MD5: "ABCDEF" } })), ["abcdef"]);
});

test("a text that is not an object has no terms; a long value is cut, and found by its beginning", () => {
  assert.deepEqual(extractTerms("not json"), []);
  assert.deepEqual(extractTerms("[1,2]"), []);
  assert.deepEqual(extractTerms("null"), []);
  const long = `http://x.example/${"a".repeat(400)}`;
  const [term] = extractTerms(JSON.stringify({ type: "url", value: long }));
  assert.equal(term?.length, MAX_TERM);
  assert.ok(long.startsWith(term as string));
});

test("a search text is folded like a term; a prefix is a byte range", () => {
  assert.equal(foldTerm("  Nuevo LEÓN "), "nuevo leon");
  assert.deepEqual(termRange("Lazarus", "exact"), { from: "lazarus", to: null });
  const { from, to } = termRange("laz", "prefix");
  assert.ok("lazarus" >= from && "lazarus" < (to as string));
  assert.ok(!("lb" < (to as string)));
});

test("printable ASCII folds as the full folding would; a parsed object has the terms of its text", () => {
  for (const text of ["  Host-01.EXAMPLE.net ", "ABC def", "x\u0007y", "tab\there", "café", "A\u007fB"]) {
    const full = text
      .normalize("NFD")
      .replace(/\p{M}+/gu, "")
      .replace(/[\u0000-\u001f\u007f]+/g, "")
      .toLowerCase();
    assert.equal(foldTerm(text), full.trim(), JSON.stringify(text));
  }
  const object = { type: "indicator", name: "Host Seen", pattern: "[domain-name:value = 'Bad.Example.ORG']" };
  assert.deepEqual(termsOf(object), extractTerms(JSON.stringify(object)));
  assert.deepEqual(termsOf(["not", "an", "object"]), []);
});
