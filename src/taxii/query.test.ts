import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TaxiiError } from "./errors.js";
import { acceptsTaxii, checkContentType } from "./media-type.js";
import { createCursorSeal, filterKey, parseQuery } from "./query.js";

const seal = createCursorSeal(Buffer.alloc(32, 7));
const options = { collectionId: "c", defaultLimit: 100, maxLimit: 1000, seal };
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof TaxiiError ? `${error.code}:${error.status}` : "other";
  }
  return "none";
};

describe("TAXII query parameters", () => {
  it("turns parameters into a store filter, defaulting to the last version", () => {
    const parsed = parseQuery(
      {
        added_after: "2024-01-01T00:00:00Z",
        limit: "5000",
        "match[type]": "indicator,malware",
        "match[spec_version]": "2.1",
      },
      options,
    );
    assert.deepEqual(parsed.filter, {
      collectionId: "c",
      addedAfter: "2024-01-01T00:00:00Z",
      types: ["indicator", "malware"],
      versions: ["last"],
      specVersions: ["2.1"],
    });
    assert.equal(parsed.limit, 1000);
    assert.equal(parsed.after, null);
    assert.deepEqual(parseQuery({}, { ...options, versionsDefault: "all", objectId: "x--1" }).filter.versions, ["all"]);
  });

  it("opens only the next values it sealed, for the same filters", () => {
    const key = filterKey({ collectionId: "c", versions: ["last"] });
    const next = seal.seal("CURSOR", key);
    assert.equal(parseQuery({ next }, options).after, "CURSOR");
    assert.equal(
      code(() => parseQuery({ next, "match[type]": "indicator" }, options)),
      "TAXII_BAD_NEXT:400",
    );
    assert.equal(
      code(() => parseQuery({ next }, { ...options, collectionId: "d" })),
      "TAXII_BAD_NEXT:400",
    );
    const other = createCursorSeal(Buffer.alloc(32, 8));
    assert.equal(
      code(() => other.open(next, key)),
      "TAXII_BAD_NEXT:400",
    );
    assert.equal(
      code(() => seal.open(`X${next}`, key)),
      "TAXII_BAD_NEXT:400",
    );
    assert.equal(
      code(() => seal.open("nodot", key)),
      "TAXII_BAD_NEXT:400",
    );
  });

  it("refuses malformed values with TAXII_BAD_FILTER", () => {
    for (const query of [
      { "match[id]": "not-an-id" },
      { "match[type]": "Bad_Type" },
      { "match[version]": "newest" },
      { "match[spec_version]": "two" },
      { added_after: "yesterday" },
      { limit: "0" },
      { limit: "ten" },
      { "match[type]": Array.from({ length: 1001 }, () => "indicator").join(",") },
    ]) {
      assert.equal(
        code(() => parseQuery(query, options)),
        "TAXII_BAD_FILTER:400",
        JSON.stringify(query).slice(0, 50),
      );
    }
  });
});

describe("TAXII media types", () => {
  it("accepts TAXII 2.1 (with or without version) and wildcards, nothing else", () => {
    for (const ok of [
      undefined,
      "",
      "*/*",
      "application/*",
      "application/taxii+json",
      'application/taxii+json; version="2.1"',
    ]) {
      assert.equal(acceptsTaxii(ok), true, String(ok));
    }
    for (const bad of [
      "application/json",
      "application/taxii+json;version=2.0",
      "text/*",
      "application/taxii+json;q=0",
      "x".repeat(2000),
    ]) {
      assert.equal(acceptsTaxii(bad), false, bad.slice(0, 40));
    }
  });

  it("refuses other request bodies with 415", () => {
    assert.equal(
      code(() => checkContentType("application/taxii+json;version=2.1")),
      "none",
    );
    for (const bad of [
      undefined,
      "application/json",
      "application/stix+json;version=2.1",
      "application/taxii+json;version=2.0",
    ]) {
      assert.equal(
        code(() => checkContentType(bad)),
        "TAXII_UNSUPPORTED_MEDIA_TYPE:415",
        String(bad),
      );
    }
  });
});
