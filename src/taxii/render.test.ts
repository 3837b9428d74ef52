import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StoredObject } from "../store/index.js";
import { renderEnvelope, renderManifest } from "./render.js";

/** Bodies must be the TAXII shapes, whatever the stored strings hold; envelopes are built as text. */

function stored(id: string, specVersion: string, versionKey: string, raw: string): StoredObject {
  return {
    id,
    type: "indicator",
    specVersion,
    versionKey,
    dateAdded: "2024-01-02T03:04:05.123456Z",
    tlp: null,
    producerOrg: null,
    raw,
  };
}

describe("text bodies", () => {
  const objects = [
    stored("indicator--1", "2.1", "2024-01-01T00:00:00.000Z", '{"id":"indicator--1","name":"a \\"b\\""}'),
    // An SCO has no version key: its version is its date added. Hostile text must stay a string.
    stored('x--"},{"evil":1', "2.0", "", '{"id":"x--2"}'),
  ];

  it("render a manifest as the TAXII manifest resource, from page objects", () => {
    assert.deepEqual(renderManifest(objects, true, "abc.def"), {
      more: true,
      next: "abc.def",
      objects: [
        {
          id: "indicator--1",
          date_added: "2024-01-02T03:04:05.123456Z",
          version: "2024-01-01T00:00:00.000Z",
          media_type: "application/stix+json;version=2.1",
        },
        {
          id: 'x--"},{"evil":1',
          date_added: "2024-01-02T03:04:05.123456Z",
          version: "2024-01-02T03:04:05.123456Z",
          media_type: "application/stix+json;version=2.0",
        },
      ],
    });
    assert.deepEqual(renderManifest([], false, null), { more: false });
  });

  it("render an envelope of the stored texts, byte for byte", () => {
    const text = renderEnvelope(objects, false, null);
    assert.equal(text, `{"more":false,"objects":[${objects[0]?.raw},${objects[1]?.raw}]}`);
    assert.deepEqual(JSON.parse(text).objects[0], { id: "indicator--1", name: 'a "b"' });
    assert.deepEqual(JSON.parse(renderEnvelope([], true, "n")), { more: true, next: "n" });
  });
});
