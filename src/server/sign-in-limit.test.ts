import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createSignInLimit } from "./sign-in-limit.js";

describe("failed sign-ins per address", () => {
  it("counts failures in a window that starts with the first and ends after windowMs", () => {
    const limit = createSignInLimit({ failures: 3, windowMs: 10_000 });
    for (let i = 0; i < 3; i++) {
      assert.equal(limit.retryAfter("198.51.100.7", 1000 + i), 0);
      limit.failed("198.51.100.7", 1000 + i);
    }
    assert.equal(limit.retryAfter("198.51.100.7", 1003), 10, "the window ends at 11,000 ms");
    assert.equal(limit.retryAfter("198.51.100.7", 10_500), 1);
    assert.equal(limit.retryAfter("203.0.113.9", 1003), 0, "other addresses are not affected");
    assert.equal(limit.retryAfter("198.51.100.7", 11_000), 0, "a new window after the old one ends");
    limit.failed("198.51.100.7", 11_000);
    assert.equal(limit.retryAfter("198.51.100.7", 11_001), 0, "one failure in the new window");
  });
});
