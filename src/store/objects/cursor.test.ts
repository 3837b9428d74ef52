import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { StoreError } from "../errors.js";
import { decodeCursor, encodeCursor } from "./cursor.js";

describe("page cursors", () => {
  it("round-trip the key of the last row", () => {
    const key = { dateAdded: "2024-01-02T03:04:05.123456Z", seq: 42 };
    const cursor = encodeCursor(key);
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(cursor), key);
  });

  it("turn any other text into STORE_BAD_CURSOR and nothing else", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => Buffer.from(s).toString("base64url")),
          fc.json().map((s) => Buffer.from(s).toString("base64url")),
        ),
        (text) => {
          try {
            const key = decodeCursor(text);
            assert.equal(encodeCursor(key).length > 0, true);
          } catch (error) {
            assert.ok(error instanceof StoreError);
            assert.equal(error.code, "STORE_BAD_CURSOR");
            assert.equal(error.status, 400);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
