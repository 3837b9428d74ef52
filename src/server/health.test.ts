import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openStore } from "../store/index.js";
import { HEALTH_PATH, READY_PATH } from "./health.js";
import { createServer } from "./index.js";

describe("health probes", () => {
  it("answer without credentials: alive, ready, and 503 with the reason once the store is gone", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-health-"));
    const store = await openStore({ dataDir: dir });
    const app = await createServer({ store, plugins: [] });
    t.after(async () => {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    });
    const alive = await app.inject({ method: "GET", url: HEALTH_PATH });
    assert.equal(alive.statusCode, 200);
    assert.deepEqual(alive.json(), { status: "ok" });
    const ready = await app.inject({ method: "GET", url: READY_PATH });
    assert.equal(ready.statusCode, 200, ready.body);
    assert.equal(ready.json().status, "ready");
    assert.ok(ready.json().migrations > 0);

    await store.close();
    const gone = await app.inject({ method: "GET", url: READY_PATH, headers: { "accept-language": "en" } });
    assert.equal(gone.statusCode, 503);
    assert.match(String(gone.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(gone.json().code, "SERVER_UNAVAILABLE");
    assert.match(gone.json().detail, /^not ready: the database cannot be reached: .+; check that it is running$/);
    // Liveness does not depend on the store: the process still answers.
    assert.equal((await app.inject({ method: "GET", url: HEALTH_PATH })).statusCode, 200);
  });
});
