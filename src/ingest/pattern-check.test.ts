import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { readStixStream } from "../stix/index.js";
import type { Rejection } from "./errors.js";
import { importItems } from "./import.js";
import { CTX, SYSTEM, withStore } from "./ingest-fixture.js";

/** An indicator `n` with the given pattern fields. */
function indicator(n: number, pattern: string, patternType: string, version?: string): Record<string, unknown> {
  return {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-01T00:00:00.000Z",
    pattern,
    pattern_type: patternType,
    ...(version === undefined ? {} : { pattern_version: version }),
    valid_from: "2026-01-01T00:00:00Z",
  };
}

async function run(objects: Record<string, unknown>[]) {
  const rejections: Rejection[] = [];
  let stored: string[] = [];
  await withStore(async (store) => {
    const text = JSON.stringify({ type: "bundle", id: "bundle--00000000-0000-4000-8000-000000000001", objects });
    await importItems(store, readStixStream(Readable.from([Buffer.from(text)])), {
      ctx: CTX,
      source: "feed.json",
      onReject: (r) => rejections.push(r),
    });
    const page = await store.queryObjects(SYSTEM, {}, { limit: 100 });
    stored = page.objects.map((o) => o.id.slice(-2)).sort();
  });
  return { rejections, stored };
}

describe("STIX patterns are checked at ingest", () => {
  it("rejects a stix pattern that does not parse, with the engine's code and position, and keeps the rest", async () => {
    const { rejections, stored } = await run([
      indicator(1, "[ipv4-addr:value = '198.51.100.1']", "stix"),
      indicator(2, "[ipv4-addr:value = '1.2.3.4'", "stix"),
      indicator(3, "[file:size = 'big']", "stix"),
      indicator(4, "[url:value MATCHES '(?<=a)b']", "stix"),
      indicator(
        5,
        "[domain-name:value = 'ok.example'] START t'2026-01-02T00:00:00Z' STOP t'2026-01-01T00:00:00Z'",
        "stix",
      ),
    ]);
    assert.deepEqual(stored, ["01", "05"]);
    assert.deepEqual(
      rejections.map((r) => [r.id?.slice(-2), r.reasons.map((x) => [x.code, x.path])]),
      [
        ["02", [["PATTERN_UNEXPECTED_TOKEN", "pattern"]]],
        ["03", [["PATTERN_TYPE_MISMATCH", "pattern"]]],
        ["04", [["PATTERN_BAD_REGEX", "pattern"]]],
      ],
    );
    const message = rejections[0]!.reasons[0]!.message;
    assert.equal(
      message,
      "indicator--00000000-0000-4000-8000-000000000002 pattern: expected ']', found the end of the pattern (1:29); `centinela pattern check` shows every error of a pattern",
    );
    assert.equal(rejections[0]!.source, "feed.json");
    assert.equal(rejections[0]!.index, 1);
  });

  it("stores patterns of other languages, and of other STIX pattern versions, as they are", async () => {
    const { rejections, stored } = await run([
      indicator(1, "title: x\ndetection: {", "sigma"),
      indicator(2, "rule x { condition: }", "yara"),
      indicator(3, "alert tcp any any ->", "snort"),
      indicator(4, "[ipv4-addr:value = '1.2.3.4'", "stix", "2.2"),
      indicator(5, "[ipv4-addr:value = '198.51.100.9']", "stix", "2.1"),
    ]);
    assert.deepEqual(rejections, []);
    assert.deepEqual(stored, ["01", "02", "03", "04", "05"]);
  });

  it("checks a pattern_version 2.1 pattern", async () => {
    const { rejections } = await run([indicator(1, "[ipv4-addr:value = ]", "stix", "2.1")]);
    assert.equal(rejections[0]?.reasons[0]?.code, "PATTERN_UNEXPECTED_TOKEN");
  });
});
